// Tickets and their outbound webhook on PostgreSQL. Numbers come from a counter row bumped inside
// the creating transaction: gapless (a rollback undoes the bump) and serialised across nodes.
import type pg from 'pg'
import { randomId } from '../../protocol/index.js'
import { inTransaction } from './pg-db.js'
import type { Store } from './store.js'
import { pgRows } from './rows.js'

const { toTicket } = pgRows

type TicketStore = Pick<Store, 'createTicket' | 'getTicket' | 'listTickets' | 'setTicketStatus' | 'claimDueWebhooks' | 'setWebhookResult'>

/** The ticket part of the Store. */
export const pgTickets = (pool: pg.Pool): TicketStore => ({
  async createTicket(t) {
    return inTransaction(pool, async (c) => {
      // The chat row lock puts two clicks on one chat in series; the second then sees the first's ticket.
      const chat = await c.query('SELECT 1 FROM chats WHERE id = $1 FOR UPDATE', [t.chatId])
      if (!chat.rowCount) throw new Error('chat not found: ' + t.chatId)
      const existing = await c.query('SELECT * FROM tickets WHERE chat_id = $1', [t.chatId])
      if (existing.rows[0]) return { ticket: toTicket(existing.rows[0]), created: false }
      const number = (await c.query<{ value: number }>("UPDATE counters SET value = value + 1 WHERE name = 'ticket' RETURNING value")).rows[0]!.value
      const { rows } = await c.query(
        `INSERT INTO tickets (id, number, chat_id, title, customer_name, customer_email, tags, status, note, chat_url, created_by, created_at, webhook_status, webhook_next_at,
           rating, rating_comment, offline, outside_hours)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING *`,
        [
          randomId(12),
          number,
          t.chatId,
          t.title,
          t.customer.name ?? null,
          t.customer.email ?? null,
          JSON.stringify(t.tags),
          t.status,
          t.note,
          t.chatUrl,
          t.createdBy ?? null,
          t.createdAt,
          t.webhook ? 'pending' : 'none',
          t.webhook ? t.createdAt : null,
          t.rating ?? null,
          t.ratingComment ?? null,
          !!t.offline,
          !!t.outsideHours
        ]
      )
      await c.query('UPDATE chats SET ticket_id = $1 WHERE id = $2', [rows[0].id, t.chatId])
      return { ticket: toTicket(rows[0]), created: true }
    })
  },
  async getTicket(id) {
    const { rows } = await pool.query('SELECT * FROM tickets WHERE id = $1', [id])
    return rows[0] && toTicket(rows[0])
  },
  async listTickets(status) {
    const { rows } = status
      ? await pool.query('SELECT * FROM tickets WHERE status = $1 ORDER BY created_at DESC, number DESC LIMIT 500', [status])
      : await pool.query('SELECT * FROM tickets ORDER BY created_at DESC, number DESC LIMIT 500')
    return rows.map(toTicket)
  },
  async setTicketStatus(id, status) {
    const { rows } = await pool.query('UPDATE tickets SET status = $1 WHERE id = $2 RETURNING *', [status, id])
    return rows[0] && toTicket(rows[0])
  },
  // A claim, not a read: every node polls, and SKIP LOCKED plus the lease moved forward hands each
  // due delivery to one of them. A node that dies mid-delivery leaves it to another after the lease
  // (at-least-once; receivers dedupe by ticket id).
  async claimDueWebhooks(now, leaseMs) {
    const { rows } = await pool.query(
      `UPDATE tickets SET webhook_next_at = $1 + $2 WHERE id IN (
         SELECT id FROM tickets WHERE webhook_status = 'pending' AND webhook_next_at <= $1 ORDER BY webhook_next_at LIMIT 50 FOR UPDATE SKIP LOCKED
       ) RETURNING *`,
      [now, leaseMs]
    )
    return rows.map(toTicket).sort((a, b) => a.number - b.number)
  },
  async setWebhookResult(id, r) {
    await pool.query('UPDATE tickets SET webhook_status = $1, webhook_attempts = $2, webhook_next_at = $3, webhook_error = $4 WHERE id = $5', [
      r.status,
      r.attempts,
      r.nextAt ?? null,
      r.error ?? null,
      id
    ])
  }
})
