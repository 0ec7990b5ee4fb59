// Retention, erasure and session revocation on PostgreSQL. Deleting a chat cascades to its
// messages (and their search vectors), uploads and ticket, so each sweep is one transaction.
import type pg from 'pg'
import { inTransaction } from './pg-db.js'
import type { LifecycleStore } from './lifecycle.js'

/** The lifecycle part of the Store. */
export const pgLifecycle = (pool: pg.Pool): LifecycleStore => ({
  async revokeSessions(agentId) {
    return (await pool.query('DELETE FROM sessions WHERE agent_id = $1', [agentId])).rowCount ?? 0
  },
  async deleteEndedBefore(endedBefore) {
    return inTransaction(pool, async (c) => {
      const { rows } = await c.query<{ visitor_id: string }>("DELETE FROM chats WHERE status = 'ended' AND ended_at < $1 RETURNING visitor_id", [endedBefore])
      if (!rows.length) return { chats: 0, visitors: 0 }
      // A visitor whose every chat is gone is personal data with no purpose left.
      const orphans = await c.query('DELETE FROM visitors v WHERE v.id = ANY($1) AND NOT EXISTS (SELECT 1 FROM chats c WHERE c.visitor_id = v.id)', [
        [...new Set(rows.map((r) => r.visitor_id))]
      ])
      return { chats: rows.length, visitors: orphans.rowCount ?? 0 }
    })
  },
  async eraseCustomer(key) {
    return inTransaction(pool, async (c) => {
      const found =
        'email' in key
          ? await c.query<{ id: string }>('SELECT id FROM visitors WHERE lower(email) = lower($1)', [key.email.trim()])
          : await c.query<{ id: string }>('SELECT id FROM visitors WHERE token_hash = $1', [key.tokenHash])
      if (!found.rows.length) return { chats: 0, visitors: 0 }
      const ids = found.rows.map((r) => r.id)
      const chats = await c.query('DELETE FROM chats WHERE visitor_id = ANY($1)', [ids])
      const visitors = await c.query('DELETE FROM visitors WHERE id = ANY($1)', [ids])
      return { chats: chats.rowCount ?? 0, visitors: visitors.rowCount ?? 0 }
    })
  },
  async backup() {
    // There is no in-process equivalent of SQLite's backup API; PostgreSQL has its own tools.
    throw new Error('the database is PostgreSQL: back it up with pg_dump --format=custom "$PARLEY_DATABASE_URL" (or your provider\'s snapshots)')
  }
})
