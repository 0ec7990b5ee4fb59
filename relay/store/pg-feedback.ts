// Ratings, read marks and internal notes on PostgreSQL (issue 12), as sqlite-feedback.ts: each a
// single statement, so two nodes writing at once cannot undo each other.
import type pg from 'pg'
import { pgRows } from './rows.js'
import type { Store } from './store.js'

type FeedbackStore = Pick<Store, 'rateChat' | 'markRead' | 'readMarks' | 'addNote' | 'listNotes'>

/** The ratings, read marks and notes part of the Store. */
export const pgFeedback = (pool: pg.Pool): FeedbackStore => ({
  async rateChat(chatId, rating, comment) {
    const done = await pool.query("UPDATE chats SET rating = $2, rating_comment = $3 WHERE id = $1 AND status = 'ended' AND rating IS NULL", [
      chatId,
      rating,
      comment ?? null
    ])
    if (done.rowCount === 1) return 'ok'
    const { rows } = await pool.query<{ status: string; rating: string | null }>('SELECT status, rating FROM chats WHERE id = $1', [chatId])
    if (!rows[0]) return 'not_found'
    return rows[0].rating !== null ? 'rated' : 'not_ended'
  },
  async markRead(chatId, side, seq) {
    const col = side === 'customer' ? 'customer_read' : 'agent_read'
    return (await pool.query(`UPDATE chats SET ${col} = $2 WHERE id = $1 AND ${col} < $2 AND $2 <= last_seq`, [chatId, seq])).rowCount === 1
  },
  async readMarks(chatId) {
    const { rows } = await pool.query<{ customer_read: string; agent_read: string }>('SELECT customer_read, agent_read FROM chats WHERE id = $1', [chatId])
    return { customer: Number(rows[0]?.customer_read ?? 0), agent: Number(rows[0]?.agent_read ?? 0) }
  },
  async addNote(n) {
    const inserted = await pool.query(
      'INSERT INTO notes (chat_id, id, agent_id, name, text, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (chat_id, id) DO NOTHING',
      [n.chatId, n.id, n.agentId, n.name, n.text, n.at]
    )
    if (inserted.rowCount === 1) return { note: n, duplicate: false }
    const { rows } = await pool.query('SELECT * FROM notes WHERE chat_id = $1 AND id = $2', [n.chatId, n.id])
    return { note: pgRows.toNote(rows[0]), duplicate: true }
  },
  async listNotes(chatId) {
    return (await pool.query('SELECT * FROM notes WHERE chat_id = $1 ORDER BY at, id COLLATE "C"', [chatId])).rows.map(pgRows.toNote)
  }
})
