// Archive search on SQLite FTS5: one index of message text (message_fts), one of chat titles, tags
// and customers (chat_fts). Both are written in the same transaction as what they index — a
// message's words in its append, which group commit batches with everything else of the turn, and
// FTS5 keeps a transaction's terms in memory and writes them as one segment at COMMIT. So the index
// lags nothing: a search started after an append resolved finds that message.
//
// The queries (search, latest ended chats, tags) run in the archive worker thread on their own
// read-only connection (archive-worker.ts, archive-queries.ts), each within a time limit; a
// `:memory:` store, which no other connection can open, runs them in-process.
import type Database from 'better-sqlite3'
import { HIGHLIGHT } from '../../protocol/index.js'
import { ERR_BAD_INPUT } from '../errors.js'
import { archiveQueries, type ArchiveAsk, type ArchiveRequest, type ArchiveRows, type ArchiveTags, type SearchWord } from './archive-queries.js'
import { createArchiveWorker } from './archive-worker.js'
import { searchWords } from './search-text.js'
import type { Store } from './store.js'

type Db = Database.Database

/** message_fts rowid = chat rowid × MESSAGE_ROWID_SHIFT + seq (migration 7); a chat's first 2^24 − 1 messages are indexed. */
export const MESSAGE_ROWID_SHIFT = 16_777_216

/** Search settings of the SQLite store. */
export interface ArchiveOptions {
  /** a query (search, tags) running longer answers `timedOut`, ms (PARLEY_SEARCH_TIMEOUT_MS) */
  searchTimeoutMs: number
  /** words at least this long match as prefixes, shorter ones as whole words (PARLEY_SEARCH_MIN_PREFIX) */
  searchMinPrefix: number
}

/** The defaults of {@link ArchiveOptions} (also the config table's). */
export const ARCHIVE_DEFAULTS: Readonly<ArchiveOptions> = Object.freeze({ searchTimeoutMs: 1000, searchMinPrefix: 3 })

/**
 * The words of what an agent typed, folded as on every engine (search-text.ts), all required: a
 * word of `minPrefix` characters or more matches every word it starts (espr → espresso), a shorter
 * one only itself (a one- or two-letter prefix would stand for much of the vocabulary).
 */
export const searchTerms = (input: string, minPrefix: number): SearchWord[] =>
  searchWords(input).map((text) => ({ text, prefix: [...text].length >= minPrefix }))

/** Keeps the chat's row of `chat_fts` in step with its title, tags and customer (call inside a write). */
export const indexChat = (db: Db): ((chatId: string) => void) => {
  const read = db.prepare(
    `SELECT c.rowid AS rid, c.title, c.tags, trim(coalesce(v.name, '') || ' ' || coalesce(v.email, '') || ' ' || coalesce(c.topic, '')) AS customer
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

/** Adds a message's text to the index (call inside a write). `chatRowid` is the chat's rowid. */
export const indexMessage = (db: Db): ((chatRowid: number, seq: number, text: string) => void) => {
  const insert = db.prepare(`INSERT INTO message_fts (rowid, text) VALUES (? * ${MESSAGE_ROWID_SHIFT} + ?, ?)`)
  return (chatRowid, seq, text) => {
    if (seq < MESSAGE_ROWID_SHIFT) insert.run(chatRowid, seq, text)
  }
}

/** Deletes the index entries of chats about to be deleted (call inside a write, before deleting them). */
export const unindexChats = (db: Db): ((chatIds: string[]) => void) => {
  const rowids = db.prepare('SELECT rowid FROM chats WHERE id IN (SELECT value FROM json_each(?))').pluck()
  const chat = db.prepare('DELETE FROM chat_fts WHERE rowid = ?')
  const messages = db.prepare(`DELETE FROM message_fts WHERE rowid >= ? * ${MESSAGE_ROWID_SHIFT} AND rowid < (? + 1) * ${MESSAGE_ROWID_SHIFT}`)
  return (chatIds) => {
    for (const r of rowids.all(JSON.stringify(chatIds)) as number[]) {
      chat.run(r)
      messages.run(r, r)
    }
  }
}

type ArchivePart = Pick<Store, 'searchChats' | 'recentChats' | 'listTags'> &
  Required<Pick<Store, 'searchArchive' | 'recentArchive'>> & { closeArchive(): Promise<void> }

const SEARCH_CURSOR = /^\d{1,15}$/
const RECENT_CURSOR = /^(\d{1,15})\.(\d{1,15})$/
const badCursor = () => new ERR_BAD_INPUT('That cursor is not one this archive gave out')

/** The archive part of the Store; queries run in a worker on `file` (in-process for `:memory:`). */
export const sqliteArchive = (db: Db, file: string, options: ArchiveOptions, toChat: (id: string) => ReturnType<Store['getChat']>): ArchivePart => {
  const config = { highlight: { start: HIGHLIGHT.start, end: HIGHLIGHT.end } }
  const worker = file === ':memory:' ? undefined : createArchiveWorker(file, config)
  let local: ReturnType<typeof archiveQueries> | undefined
  const run = <R extends ArchiveRows | ArchiveTags>(request: ArchiveAsk): Promise<R> => {
    if (worker) return worker.run<R>(request, options.searchTimeoutMs)
    local ??= archiveQueries(db, config)
    return Promise.resolve(local.run({ ...request, budgetMs: options.searchTimeoutMs } as ArchiveRequest) as R)
  }

  const part: ArchivePart = {
    async searchArchive(query, page) {
      if (page.cursor !== undefined && !SEARCH_CURSOR.test(page.cursor)) throw badCursor()
      const words = searchTerms(query, options.searchMinPrefix)
      if (!words.length) return { hits: [] }
      return run<ArchiveRows>({ kind: 'search', words, limit: page.limit, ...(page.cursor ? { before: Number(page.cursor) } : {}) })
    },
    async recentArchive(page) {
      const m = page.cursor === undefined ? undefined : RECENT_CURSOR.exec(page.cursor)
      if (m === null) throw badCursor()
      return run<ArchiveRows>({ kind: 'recent', limit: page.limit, ...(m ? { before: { endedAt: Number(m[1]), rowid: Number(m[2]) } } : {}) })
    },
    async searchChats(query, limit) {
      return (await part.searchArchive(query, { limit })).hits
    },
    async recentChats(limit) {
      const { hits } = await part.recentArchive({ limit })
      const chats = await Promise.all(hits.map((h) => toChat(h.chatId)))
      return chats.filter((c) => c !== undefined)
    },
    async listTags() {
      return (await run<ArchiveTags>({ kind: 'tags', limit: 500 })).tags
    },
    async closeArchive() {
      await worker?.close()
    }
  }
  return part
}
