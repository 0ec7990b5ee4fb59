// Ratings, read marks and internal notes on SQLite (issue 12): small writes beside a chat that
// never touch its messages.
import type Database from 'better-sqlite3'
import { sqliteRows, type Row } from './rows.js'
import type { Write } from './sqlite-writer.js'
import type { Store } from './store.js'

type FeedbackStore = Pick<Store, 'rateChat' | 'markRead' | 'readMarks' | 'addNote' | 'listNotes'>

/** The ratings, read marks and notes part of the Store. */
export const sqliteFeedback = (db: Database.Database, write: Write): FeedbackStore => {
  const status = db.prepare('SELECT status, rating FROM chats WHERE id = ?')
  const rate = db.prepare("UPDATE chats SET rating = ?, rating_comment = ? WHERE id = ? AND status = 'ended' AND rating IS NULL")
  // Monotonic and bounded by what exists: a mark never goes back, nor past the last message.
  const read = {
    customer: db.prepare('UPDATE chats SET customer_read = ? WHERE id = ? AND customer_read < ? AND ? <= last_seq'),
    agent: db.prepare('UPDATE chats SET agent_read = ? WHERE id = ? AND agent_read < ? AND ? <= last_seq')
  }
  const marks = db.prepare('SELECT customer_read, agent_read FROM chats WHERE id = ?')
  const noteById = db.prepare('SELECT * FROM notes WHERE chat_id = ? AND id = ?')
  const insertNote = db.prepare('INSERT INTO notes (chat_id, id, agent_id, name, text, at) VALUES (?, ?, ?, ?, ?, ?)')
  const notes = db.prepare('SELECT * FROM notes WHERE chat_id = ? ORDER BY at, id')
  return {
    async rateChat(chatId, rating, comment) {
      return write(() => {
        const row = status.get(chatId) as { status: string; rating: string | null } | undefined
        if (!row) return 'not_found' as const
        if (row.rating !== null) return 'rated' as const
        if (row.status !== 'ended') return 'not_ended' as const
        rate.run(rating, comment ?? null, chatId)
        return 'ok' as const
      })
    },
    async markRead(chatId, side, seq) {
      return write(() => read[side].run(seq, chatId, seq, seq).changes === 1)
    },
    async readMarks(chatId) {
      const r = marks.get(chatId) as { customer_read: number; agent_read: number } | undefined
      return { customer: r?.customer_read ?? 0, agent: r?.agent_read ?? 0 }
    },
    async addNote(n) {
      return write(() => {
        const existing = noteById.get(n.chatId, n.id) as Row | undefined
        if (existing) return { note: sqliteRows.toNote(existing), duplicate: true }
        insertNote.run(n.chatId, n.id, n.agentId, n.name, n.text, n.at)
        return { note: n, duplicate: false }
      })
    },
    async listNotes(chatId) {
      return (notes.all(chatId) as Row[]).map(sqliteRows.toNote)
    }
  }
}
