// Archive search on PostgreSQL: a tsvector ('simple' config) of the JS-normalised text in every
// message and chat row, GIN-indexed. Snippets are cut in JS (search-text.ts) from the original
// text, and only for the page of results: ts_headline would re-parse the original with PG's own
// parser, which keeps `ada@example.com` as one token and does not fold diacritics, so it would miss
// highlighting exactly what the normalised index matched.
import type pg from 'pg'
import { partsText, type Part } from '../../protocol/index.js'
import { searchText, searchWords, snippetOf } from './search-text.js'
import type { Store } from './store.js'

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>

/** Recomputes the chat's search vector from its title, tags and customer. */
export const indexPgChats = async (db: Queryable, where: 'id' | 'visitor_id', key: string): Promise<void> => {
  const { rows } = await db.query<{ id: string; title: string; tags: string[]; name: string | null; email: string | null; topic: string | null }>(
    `SELECT c.id, c.title, c.tags, v.name, v.email, c.topic FROM chats c JOIN visitors v ON v.id = c.visitor_id WHERE c.${where} = $1`,
    [key]
  )
  for (const r of rows)
    await db.query("UPDATE chats SET search = to_tsvector('simple', $2) WHERE id = $1", [
      r.id,
      searchText([r.title, ...r.tags, r.name ?? '', r.email ?? '', r.topic ?? ''].join(' '))
    ])
}

/** The search vector text of a message: its words, none for system messages. */
export const messageSearchText = (from: string, parts: readonly Part[]): string | null => (from === 'system' ? null : searchText(partsText(parts)))

/**
 * Words shorter than this match only whole words, longer ones every word they start: a one- or
 * two-letter prefix would stand for much of the vocabulary. The SQLite store's rule and default.
 */
export const PG_SEARCH_MIN_PREFIX = 3

/** The archive part of the Store. */
export const pgArchive = (pool: pg.Pool, minPrefix = PG_SEARCH_MIN_PREFIX): Pick<Store, 'searchChats' | 'listTags'> => ({
  async searchChats(query, limit) {
    const words = searchWords(query)
    if (!words.length) return []
    const tsq = words.map((w) => ([...w].length >= minPrefix ? `'${w}':*` : `'${w}'`)).join(' & ')
    const { rows } = await pool.query<{ id: string; title: string; tags: string[]; name: string | null; email: string | null; parts: Part[] | null }>(
      `WITH q AS (SELECT to_tsquery('simple', $1) AS q),
       hits AS (
         SELECT m.chat_id FROM messages m, q WHERE m.search @@ q.q
         UNION
         SELECT c.id FROM chats c, q WHERE c.search @@ q.q
       ),
       page AS (
         SELECT c.id, c.title, c.tags, c.visitor_id, c.created_at, c.n FROM chats c JOIN hits h ON h.chat_id = c.id
         ORDER BY c.created_at DESC, c.n DESC LIMIT $2
       )
       SELECT p.id, p.title, p.tags, v.name, v.email,
              (SELECT m.parts FROM messages m, q WHERE m.chat_id = p.id AND m.search @@ q.q ORDER BY m.seq LIMIT 1) AS parts
       FROM page p JOIN visitors v ON v.id = p.visitor_id ORDER BY p.created_at DESC, p.n DESC`,
      [tsq, limit]
    )
    return rows.map((r) => {
      const fields = [r.parts && partsText(r.parts), r.title, r.tags.join(' '), [r.name, r.email].filter(Boolean).join(' ')]
      let snippet = ''
      for (const f of fields) if (f && (snippet = snippetOf(f, words) ?? '')) break
      return { chatId: r.id, snippet }
    })
  },
  async listTags() {
    const { rows } = await pool.query<{ tag: string; count: number }>(
      `SELECT t AS tag, count(*) AS count FROM chats, jsonb_array_elements_text(tags) t GROUP BY t ORDER BY count DESC, t COLLATE "C" LIMIT 500`
    )
    return rows
  }
})
