// Archive search on SQLite FTS5: one index of message text, one of chat titles, tags and customers.
import type Database from 'better-sqlite3'
import { HIGHLIGHT } from '../../protocol/index.js'
import type { Store } from './store.js'

type Db = Database.Database

/** Turns what an agent typed into an FTS5 query: each word a prefix match, all words required. */
export const ftsQuery = (input: string): string | undefined => {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}_@.+-]+/gu) ?? []
  const terms = words.slice(0, 12).map((w) => '"' + w.replace(/"/g, '""') + '"*')
  return terms.length ? terms.join(' ') : undefined
}

/** Keeps the chat's row of `chat_fts` in step with its title, tags and customer (call inside a write). */
export const indexChat = (db: Db): ((chatId: string) => void) => {
  const read = db.prepare(
    `SELECT c.rowid AS rid, c.title, c.tags, trim(coalesce(v.name, '') || ' ' || coalesce(v.email, '')) AS customer
     FROM chats c JOIN visitors v ON v.id = c.visitor_id WHERE c.id = ?`
  )
  const remove = db.prepare('DELETE FROM chat_fts WHERE rowid = ?')
  const insert = db.prepare('INSERT INTO chat_fts (rowid, title, tags, customer, chat_id) VALUES (?, ?, ?, ?, ?)')
  return (chatId) => {
    const row = read.get(chatId) as { rid: number; title: string; tags: string; customer: string } | undefined
    if (!row) return
    remove.run(row.rid)
    insert.run(row.rid, row.title, (JSON.parse(row.tags) as string[]).join(' '), row.customer, chatId)
  }
}

/** The archive part of the Store. */
export const sqliteArchive = (db: Db): Pick<Store, 'searchChats' | 'listTags'> => {
  const { start, end } = HIGHLIGHT
  const search = db.prepare(
    `WITH hits AS (
       SELECT chat_id, snippet(message_fts, 0, '${start}', '${end}', '…', 12) AS snippet, rank FROM message_fts WHERE message_fts MATCH @q
       UNION ALL
       SELECT chat_id, snippet(chat_fts, -1, '${start}', '${end}', '…', 12) AS snippet, rank FROM chat_fts WHERE chat_fts MATCH @q
     ),
     best AS (SELECT chat_id, snippet, row_number() OVER (PARTITION BY chat_id ORDER BY rank) AS n FROM hits)
     SELECT b.chat_id AS chatId, b.snippet FROM best b JOIN chats c ON c.id = b.chat_id
     WHERE b.n = 1 ORDER BY c.created_at DESC, c.rowid DESC LIMIT @limit`
  )
  const tags = db.prepare(
    `SELECT t.value AS tag, count(*) AS count FROM chats c, json_each(c.tags) t GROUP BY t.value ORDER BY count DESC, tag LIMIT 500`
  )
  return {
    async searchChats(query, limit) {
      const q = ftsQuery(query)
      return q ? (search.all({ q, limit }) as { chatId: string; snippet: string }[]) : []
    },
    async listTags() {
      return tags.all() as { tag: string; count: number }[]
    }
  }
}
