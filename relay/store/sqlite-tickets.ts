// Tickets made from chats, and the state of their outbound webhook, on SQLite.
import type Database from 'better-sqlite3'
import { randomId } from '../../protocol/index.js'
import type { Write } from './sqlite-writer.js'
import type { NewTicket, Store } from './store.js'
import { sqliteRows, type Row } from './rows.js'

const { toTicket } = sqliteRows

type TicketStore = Pick<Store, 'createTicket' | 'getTicket' | 'listTickets' | 'setTicketStatus' | 'claimDueWebhooks' | 'setWebhookResult'>

/** The ticket part of the Store. */
export const sqliteTickets = (db: Database.Database, write: Write): TicketStore => {
  const byId = db.prepare('SELECT * FROM tickets WHERE id = ?')
  const byChat = db.prepare('SELECT * FROM tickets WHERE chat_id = ?')
  const all = db.prepare('SELECT * FROM tickets ORDER BY created_at DESC, number DESC LIMIT 500')
  const byStatus = db.prepare('SELECT * FROM tickets WHERE status = ? ORDER BY created_at DESC, number DESC LIMIT 500')
  const nextNumber = db.prepare('SELECT coalesce(max(number), 0) + 1 AS n FROM tickets')
  const insert = db.prepare(
    `INSERT INTO tickets (id, number, chat_id, title, customer_name, customer_email, tags, status, note, chat_url, created_by, created_at, webhook_status, webhook_next_at,
       rating, rating_comment, offline, outside_hours)
     VALUES (@id, @number, @chatId, @title, @customerName, @customerEmail, @tags, @status, @note, @chatUrl, @createdBy, @createdAt, @webhookStatus, @webhookNextAt,
       @rating, @ratingComment, @offline, @outsideHours)`
  )
  const linkChat = db.prepare('UPDATE chats SET ticket_id = ? WHERE id = ?')
  const setStatus = db.prepare('UPDATE tickets SET status = ? WHERE id = ?')
  const due = db.prepare("SELECT * FROM tickets WHERE webhook_status = 'pending' AND webhook_next_at <= ? ORDER BY webhook_next_at LIMIT 50")
  const lease = db.prepare('UPDATE tickets SET webhook_next_at = ? WHERE id = ?')
  const setWebhook = db.prepare('UPDATE tickets SET webhook_status = ?, webhook_attempts = ?, webhook_next_at = ?, webhook_error = ? WHERE id = ?')

  // One transaction: the UNIQUE chat_id makes a second ticket for the same chat impossible even
  // if two clicks race; the loser gets the winner's ticket.
  const create = (t: NewTicket) => {
    const existing = byChat.get(t.chatId) as Row | undefined
    if (existing) return { ticket: toTicket(existing), created: false }
    const id = randomId(12)
    insert.run({
      id,
      number: (nextNumber.get() as { n: number }).n,
      chatId: t.chatId,
      title: t.title,
      customerName: t.customer.name ?? null,
      customerEmail: t.customer.email ?? null,
      tags: JSON.stringify(t.tags),
      status: t.status,
      note: t.note,
      chatUrl: t.chatUrl,
      createdBy: t.createdBy ?? null,
      createdAt: t.createdAt,
      webhookStatus: t.webhook ? 'pending' : 'none',
      webhookNextAt: t.webhook ? t.createdAt : null,
      rating: t.rating ?? null,
      ratingComment: t.ratingComment ?? null,
      offline: Number(!!t.offline),
      outsideHours: Number(!!t.outsideHours)
    })
    linkChat.run(id, t.chatId)
    return { ticket: toTicket(byId.get(id) as Row), created: true }
  }

  return {
    async createTicket(t) {
      return write(() => create(t))
    },
    async getTicket(id) {
      const r = byId.get(id) as Row | undefined
      return r && toTicket(r)
    },
    async listTickets(status) {
      return ((status ? byStatus.all(status) : all.all()) as Row[]).map(toTicket)
    },
    async setTicketStatus(id, status) {
      return write(() => {
        setStatus.run(status, id)
        const r = byId.get(id) as Row | undefined
        return r && toTicket(r)
      })
    },
    // Read and lease in one write transaction: a second claim (another poll of this process, or
    // another process on the file) waits for it and finds nothing due.
    async claimDueWebhooks(now, leaseMs) {
      return write(() => {
        const rows = due.all(now) as Row[]
        for (const r of rows) lease.run(now + leaseMs, r.id)
        return rows.map(toTicket).sort((a, b) => a.number - b.number)
      })
    },
    async setWebhookResult(id, r) {
      await write(() => setWebhook.run(r.status, r.attempts, r.nextAt ?? null, r.error ?? null, id))
    }
  }
}
