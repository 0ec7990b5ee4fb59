// The Store on PostgreSQL (node-postgres). Every method resolves once committed. What must be
// race-free across relay nodes is one SQL function or one transaction with row locks, always
// taking an agent row before a chat row (pg-schema.ts).
import type pg from 'pg'
import { randomId, type ChatMessage } from '../../protocol/index.js'
import { indexPgChats, messageSearchText, pgArchive } from './pg-archive.js'
import { inTransaction, migratePg, openPool, type PgOptions } from './pg-db.js'
import { pgLifecycle } from './pg-lifecycle.js'
import { pgFeedback } from './pg-feedback.js'
import { CHAT_COLUMNS, toAgent, toChat, toMessage, toVisitor, type Row } from './pg-rows.js'
import { pgSite } from './pg-site.js'
import { pgTickets } from './pg-tickets.js'
import { pgLoginFailures } from './pg-login-failures.js'
import type { Appended, ChatRecord, NewMessage, Store } from './store.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

const AGENT_COLUMNS: Record<string, string> = {
  name: 'name',
  displayName: 'display_name',
  role: 'role',
  passwordHash: 'password_hash',
  on: 'is_on',
  maxChats: 'max_chats',
  greetings: 'greetings',
  sound: 'sound',
  notifications: 'notifications',
  disabled: 'disabled'
}

const append = async (db: Queryable, chatId: string, m: NewMessage): Promise<Appended> => {
  // Named: parsed and planned once per connection, not per message.
  const { rows } = await db.query({
    name: 'parley_append',
    text: 'SELECT * FROM append_message($1, $2, $3, $4, $5, $6, $7, $8)',
    values: [chatId, m.id, m.from, m.name ?? null, JSON.stringify(m.parts), m.at, m.event ?? null, messageSearchText(m.from, m.parts)]
  })
  const r = rows[0] as Row
  return { message: toMessage(r, chatId), duplicate: r.duplicate as boolean }
}

// Two relay nodes on one database without a shared bus would each see only their own sockets: a
// customer could be told nobody is online while agents wait on the other node. Refuse instead. The
// nodes of a cluster (PARLEY_REDIS_URL) share the lock; a node without Redis holds it alone, so the
// two kinds never run side by side either.
const LOCK_KEY = "hashtext('parley:node:' || current_schema())"
const LOCK_SQL = `SELECT pg_try_advisory_lock(${LOCK_KEY}) AS ok`
const SHARED_LOCK_SQL = `SELECT pg_try_advisory_lock_shared(${LOCK_KEY}) AS ok`
const ALONE = 'another relay node is already running on this PostgreSQL database; several nodes need cluster mode (PARLEY_REDIS_URL set on every node)'
const BESIDE = 'a relay node without PARLEY_REDIS_URL is running on this PostgreSQL database; stop it or give it PARLEY_REDIS_URL too'

/**
 * Holds the node lock on a connection of its own. If that connection dies (a database restart, a
 * network cut) the lock goes with it, so it is taken again once the database answers.
 */
const holdAlone = async (pool: pg.Pool, onError: (err: Error) => void, shared = false) => {
  let holder: pg.PoolClient | undefined
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const take = async (): Promise<void> => {
    const c = await pool.connect()
    const { rows } = await c.query<{ ok: boolean }>(shared ? SHARED_LOCK_SQL : LOCK_SQL).catch((err: Error) => {
      c.release(err)
      throw err
    })
    if (!rows[0]!.ok) {
      c.release()
      throw new Error(shared ? BESIDE : ALONE)
    }
    c.on('error', (err) => {
      onError(err)
      c.release(err)
      holder = undefined
      retake()
    })
    holder = c
  }
  const retake = () => {
    if (closed) return
    timer = setTimeout(() => {
      take().catch((err: Error) => {
        onError(err)
        retake()
      })
    }, 1000)
    timer.unref()
  }
  await take()
  return {
    release() {
      closed = true
      clearTimeout(timer)
      holder?.release()
    }
  }
}

/** A PostgreSQL store with its pool; `migrate` has been run when `openPgStore` resolves. */
export type PgStore = Store & { pool: pg.Pool }

/** Connects, migrates the schema (safe when several nodes start at once) and resolves with the store. */
export const openPgStore = async (options: PgOptions): Promise<PgStore> => {
  const pool = openPool(options)
  let holder: { release(): void } | undefined
  try {
    await migratePg(pool)
    if (options.exclusive) holder = await holdAlone(pool, options.onError ?? (() => {}), options.exclusive === 'cluster')
  } catch (err) {
    await pool.end()
    throw err
  }
  const one = async (sql: string, values: unknown[] = []): Promise<Row | undefined> => (await pool.query(sql, values)).rows[0] as Row | undefined

  const store: PgStore = {
    pool,
    async createAgent(a) {
      const r = await one(
        `INSERT INTO agents (id, email, name, display_name, role, password_hash, max_chats, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
        [randomId(12), a.email, a.name, a.displayName, a.role, a.passwordHash, a.maxChats, Date.now()]
      )
      return toAgent(r!)
    },
    // The advisory lock (held to the end of the transaction) puts nodes starting together in
    // series; the second counts the first's agent and creates none.
    async createFirstAgent(a) {
      return inTransaction(pool, async (c) => {
        await c.query("SELECT pg_advisory_xact_lock(hashtext('parley:first-agent:' || current_schema()))")
        if ((await c.query('SELECT 1 FROM agents LIMIT 1')).rowCount) return undefined
        const { rows } = await c.query(
          `INSERT INTO agents (id, email, name, display_name, role, password_hash, max_chats, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
          [randomId(12), a.email, a.name, a.displayName, a.role, a.passwordHash, a.maxChats, Date.now()]
        )
        return toAgent(rows[0] as Row)
      })
    },
    async getAgent(id) {
      const r = await one('SELECT * FROM agents WHERE id = $1', [id])
      return r && toAgent(r)
    },
    async getAgentByEmail(email) {
      const r = await one('SELECT * FROM agents WHERE lower(email) = lower($1)', [email])
      return r && toAgent(r)
    },
    async listAgents() {
      return (await pool.query('SELECT * FROM agents ORDER BY created_at, id COLLATE "C"')).rows.map(toAgent)
    },
    async updateAgent(id, patch) {
      const sets: string[] = []
      const values: unknown[] = [id]
      for (const [k, v] of Object.entries(patch)) {
        const col = AGENT_COLUMNS[k]
        if (!col || v === undefined) continue
        values.push(Array.isArray(v) ? JSON.stringify(v) : v)
        sets.push(`${col} = $${values.length}`)
      }
      const r = sets.length
        ? await one(`UPDATE agents SET ${sets.join(', ')} WHERE id = $1 RETURNING *`, values)
        : await one('SELECT * FROM agents WHERE id = $1', [id])
      return r && toAgent(r)
    },
    async removeAgent(id) {
      return (await pool.query('DELETE FROM agents WHERE id = $1', [id])).rowCount === 1
    },
    async countAgents() {
      return (await one('SELECT count(*) AS n FROM agents'))!.n as number
    },
    async createSession(s) {
      await pool.query('INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        s.tokenHash,
        s.agentId,
        s.createdAt,
        s.expiresAt
      ])
    },
    async getSession(tokenHash, now) {
      const r = await one('SELECT * FROM sessions WHERE token_hash = $1 AND expires_at > $2', [tokenHash, now])
      return r && { tokenHash, agentId: r.agent_id as string, createdAt: r.created_at as number, expiresAt: r.expires_at as number }
    },
    async deleteSession(tokenHash) {
      await pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash])
    },
    async createVisitor(v) {
      await pool.query('INSERT INTO visitors (id, token_hash, name, email, verified, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        v.id,
        v.tokenHash,
        v.name ?? null,
        v.email ?? null,
        v.verified,
        v.createdAt
      ])
    },
    async getVisitorByToken(tokenHash) {
      const r = await one('SELECT * FROM visitors WHERE token_hash = $1', [tokenHash])
      return r && toVisitor(r)
    },
    async getVisitor(id) {
      const r = await one('SELECT * FROM visitors WHERE id = $1', [id])
      return r && toVisitor(r)
    },
    async createChat(chat, first, oneOpen) {
      return inTransaction(pool, async (c): Promise<{ chat: ChatRecord; message: ChatMessage; existing?: true }> => {
        if (oneOpen) {
          // The visitor's row lock serialises two starts of one visitor across nodes; the check
          // after it sees what the other committed (read committed: a new snapshot per statement).
          await c.query('SELECT id FROM visitors WHERE id = $1 FOR UPDATE', [chat.visitorId])
          const open = (
            await c.query(`SELECT ${CHAT_COLUMNS} FROM chats WHERE visitor_id = $1 AND status <> 'ended' ORDER BY created_at DESC, n DESC LIMIT 1`, [
              chat.visitorId
            ])
          ).rows[0] as Row | undefined
          if (open) {
            const first = (
              await c.query('SELECT chat_id, seq, id, author, name, parts, at, event FROM messages WHERE chat_id = $1 ORDER BY seq LIMIT 1', [open.id])
            ).rows[0] as Row
            return { chat: toChat(open), message: toMessage(first), existing: true }
          }
        }
        const pages = chat.visitor.url ? [{ url: chat.visitor.url, ...(chat.visitor.title ? { title: chat.visitor.title } : {}), at: chat.createdAt }] : []
        await c.query(
          `INSERT INTO chats (id, visitor_id, status, title, created_at, first_text, tags, visitor, ip, user_agent, queued_at, pages, ended_at, topic, outside_hours, offline)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $5, $11, $12, $13, $14, $15)`,
          [
            chat.id,
            chat.visitorId,
            chat.status,
            chat.title,
            chat.createdAt,
            chat.firstText,
            JSON.stringify(chat.tags),
            JSON.stringify(chat.visitor),
            chat.ip ?? null,
            chat.userAgent ?? null,
            JSON.stringify(pages),
            chat.endedAt ?? null,
            chat.topic ?? null,
            !!chat.outsideHours,
            !!chat.offline
          ]
        )
        const { message } = await append(c, chat.id, first)
        await indexPgChats(c, 'id', chat.id)
        const r = (await c.query(`SELECT ${CHAT_COLUMNS} FROM chats WHERE id = $1`, [chat.id])).rows[0] as Row
        return { chat: toChat(r), message }
      })
    },
    async getChat(id) {
      const r = await one(`SELECT ${CHAT_COLUMNS} FROM chats WHERE id = $1`, [id])
      return r && toChat(r)
    },
    async latestChatOf(visitorId) {
      const r = await one(`SELECT ${CHAT_COLUMNS} FROM chats WHERE visitor_id = $1 ORDER BY created_at DESC, n DESC LIMIT 1`, [visitorId])
      return r && toChat(r)
    },
    async listChats(status) {
      return (await pool.query(`SELECT ${CHAT_COLUMNS} FROM chats WHERE status = $1 ORDER BY queued_at, n`, [status])).rows.map(toChat)
    },
    async assignChat(chatId, agentId, maxChats, at) {
      return (await one('SELECT assign_chat($1, $2, $3, $4) AS r', [chatId, agentId, maxChats, at]))!.r as 'ok' | 'taken' | 'max_chats' | 'not_found'
    },
    async endChat(chatId, at) {
      return (await pool.query("UPDATE chats SET status = 'ended', ended_at = $1 WHERE id = $2 AND status <> 'ended'", [at, chatId])).rowCount === 1
    },
    async transferChat(chatId, from, to, maxChats) {
      return (await one('SELECT transfer_chat($1, $2, $3, $4) AS r', [chatId, from, to, maxChats]))!.r as 'ok' | 'not_yours' | 'max_chats'
    },
    async requeueChat(chatId, fromAgentId) {
      // In front of everyone waiting: the customer already waited once. Conditional, so two nodes
      // requeueing the same chat at once (a brief double leader) change it once.
      const r = await pool.query(
        `UPDATE chats SET status = 'waiting', agent_id = NULL, answered_at = NULL,
           queued_at = coalesce((SELECT min(w.queued_at) - 1 FROM chats w WHERE w.status = 'waiting'), $2)
         WHERE id = $1 AND status = 'active' AND ($3::text IS NULL OR agent_id = $3)`,
        [chatId, Date.now(), fromAgentId ?? null]
      )
      return r.rowCount === 1
    },
    async updateChat(chatId, patch) {
      await inTransaction(pool, async (c) => {
        if (patch.title !== undefined) await c.query('UPDATE chats SET title = $1 WHERE id = $2', [patch.title, chatId])
        if (patch.tags !== undefined) await c.query('UPDATE chats SET tags = $1 WHERE id = $2', [JSON.stringify(patch.tags), chatId])
        await indexPgChats(c, 'id', chatId)
      })
      return store.getChat(chatId)
    },
    async addPage(chatId, page) {
      // Bounded: a customer browsing for hours keeps the latest 100 pages. One statement, so
      // concurrent page visits never overwrite each other.
      await pool.query(
        `UPDATE chats SET pages = (SELECT coalesce(jsonb_agg(p ORDER BY i), '[]') FROM jsonb_array_elements(pages || jsonb_build_array($2::jsonb)) WITH ORDINALITY AS t(p, i)
           WHERE i > jsonb_array_length(pages) + 1 - 100) WHERE id = $1`,
        [chatId, JSON.stringify(page)]
      )
    },
    async updateVisitor(id, patch) {
      await inTransaction(pool, async (c) => {
        const sets: string[] = []
        const values: unknown[] = [id]
        const col = { name: 'name', email: 'email', verified: 'verified', externalId: 'external_id', attributes: 'attributes' } as const
        for (const k of Object.keys(col) as (keyof typeof col)[]) {
          const v = patch[k]
          if (v === undefined) continue
          values.push(typeof v === 'object' ? JSON.stringify(v) : v)
          sets.push(`${col[k]} = $${values.length}`)
        }
        if (sets.length) await c.query(`UPDATE visitors SET ${sets.join(', ')} WHERE id = $1`, values)
        await indexPgChats(c, 'visitor_id', id)
      })
    },
    async recentChats(limit) {
      return (await pool.query(`SELECT ${CHAT_COLUMNS} FROM chats WHERE status = 'ended' ORDER BY ended_at DESC, n DESC LIMIT $1`, [limit])).rows.map(toChat)
    },
    ...pgArchive(pool),
    ...pgTickets(pool),
    ...pgLoginFailures(pool),
    ...pgSite(pool),
    ...pgFeedback(pool),
    ...pgLifecycle(pool),
    async appendMessage(chatId, m) {
      return append(pool, chatId, m)
    },
    async messagesAfter(chatId, after, limit) {
      const { rows } = await pool.query({
        name: 'parley_after',
        text: 'SELECT chat_id, seq, id, author, name, parts, at, event FROM messages WHERE chat_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
        values: [chatId, after, limit]
      })
      return rows.map((r: Row): ChatMessage => toMessage(r))
    },
    async close() {
      holder?.release()
      await pool.end()
    }
  }
  return store
}
