// The archive's read queries on SQLite: search (FTS5), the latest ended chats, and the tags in use.
// They run in the archive worker (archive-worker.ts) on its own read-only connection, or in-process
// for a `:memory:` store. `archiveQueries` is therefore SELF-CONTAINED: the worker receives its
// source text (Function.prototype.toString), so it may use nothing from outside its body but its
// parameters — no imports, no module constants (types are fine: they are gone once compiled).
//
// Search, for a page of `limit` chats, newest chat first (message_fts rowid = chat rowid × 2^24 +
// seq, so descending rowid is newest chat first and a chat's hits are adjacent):
//   0. Each word is cut into terms by FTS5's own tokenizer (a temp FTS5 table), so it is folded
//      exactly as the index was. A prefix word is expanded into the index's terms that start with
//      it (fts5vocab, one seek per term): FTS5 would otherwise build the whole merged posting list
//      of a prefix before the first row — 0.2 s for "order*" over a million messages, on every
//      execution — while an OR of plain terms is read lazily from the newest end. Past
//      MAX_EXPANSION terms the word stays a native prefix (slow when those terms are frequent: the
//      time limit is for that). A whole word (shorter than the minimum prefix) is one term.
//   1. chat_fts (titles, tags, customers): the first limit + 1 chats below the cursor — nothing
//      further down can reach the page;
//   2. message_fts, rowid descending below the cursor, merged with (1), each chat once, stopping at
//      limit + 1 chats (the extra one only says there are more);
//   3. snippets for the `limit` chats of the page only, cut in JS from the stored text around the
//      chat's newest match (no MATCH runs again, no rank is computed).
// Between rows and terms the deadline is checked: past it, the chats found so far are answered
// with `timedOut` and a cursor that goes on from there. A single SQLite step that outlasts the
// deadline is cut off by the worker's owner, which terminates the thread.
import type Database from 'better-sqlite3'

/** What the queries are told once. */
export interface ArchiveQueryConfig {
  /** marks around a match in a snippet (HIGHLIGHT) */
  highlight: { start: string; end: string }
}

/** A word of a search: folded (search-text.ts); `prefix` when it matches the words it starts, else only itself. */
export interface SearchWord {
  text: string
  prefix: boolean
}

/** One request to the archive. `budgetMs` is how long it may take, from when it starts running. */
export type ArchiveRequest =
  | { kind: 'search'; words: SearchWord[]; limit: number; before?: number; budgetMs: number }
  | { kind: 'recent'; limit: number; before?: { endedAt: number; rowid: number }; budgetMs: number }
  | { kind: 'tags'; limit: number; budgetMs: number }

/** A request as asked for, before it is given its budget. */
export type ArchiveAsk = ArchiveRequest extends infer R ? (R extends ArchiveRequest ? Omit<R, 'budgetMs'> : never) : never

/** A chat found, with the text to show for it. */
export interface ArchiveRow {
  chatId: string
  snippet: string
}

/** A page of chats; `next` is the cursor of the following page (absent on the last). */
export interface ArchiveRows {
  hits: ArchiveRow[]
  next?: string
  timedOut?: boolean
}

/** Tags in use with how many chats carry each, most used first. */
export interface ArchiveTags {
  tags: { tag: string; count: number }[]
  timedOut?: boolean
}

/** Prepares the queries on `db` (the archive schema of schema.ts) and returns the one entry point. */
export function archiveQueries(db: Database.Database, config: ArchiveQueryConfig): { run(request: ArchiveRequest): ArchiveRows | ArchiveTags } {
  // 2^24: must equal MESSAGE_ROWID_SHIFT (sqlite-archive.ts) and migration 7.
  const SHIFT = 16777216
  // Above every chat rowid (rowids stay below 2^63 / 2^24 = 2^39).
  const TOP = 2 ** 38
  const MAX_EXPANSION = 128
  const SNIPPET_WORDS = 12
  const { start, end } = config.highlight

  // Temp tables live in this connection only (even a read-only one): FTS5's tokenizer on a scratch
  // row, and the terms of both indexes.
  db.exec(`
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_fold USING fts5(t, tokenize = 'unicode61 remove_diacritics 2');
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_fold_terms USING fts5vocab(temp, parley_fold, instance);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_message_terms USING fts5vocab(main, message_fts, instance);
    CREATE VIRTUAL TABLE IF NOT EXISTS temp.parley_chat_terms USING fts5vocab(main, chat_fts, instance);
  `)
  const foldClear = db.prepare('DELETE FROM temp.parley_fold')
  const foldPut = db.prepare('INSERT INTO temp.parley_fold (t) VALUES (?)')
  const foldTerms = db.prepare('SELECT term FROM temp.parley_fold_terms ORDER BY offset').pluck()
  // `term >= ?` seeks; `term > ?` would read through the whole posting list of the term it skips.
  const firstMessageTerm = db.prepare('SELECT term FROM temp.parley_message_terms WHERE term >= ? AND term < ? LIMIT 1').pluck()
  const firstChatTerm = db.prepare('SELECT term FROM temp.parley_chat_terms WHERE term >= ? AND term < ? LIMIT 1').pluck()
  // Chat and seq apart: the rowid itself can pass 2^53, beyond what a JS number holds exactly.
  const messageHits = db.prepare(
    `SELECT rowid / ${SHIFT} AS chat, rowid % ${SHIFT} AS seq FROM message_fts WHERE message_fts MATCH ? AND rowid < ? * ${SHIFT} ORDER BY rowid DESC`
  )
  const chatHits = db.prepare('SELECT rowid FROM chat_fts WHERE chat_fts MATCH ? AND rowid < ? ORDER BY rowid DESC LIMIT ?').pluck()
  const messageText = db.prepare(`SELECT text FROM message_fts WHERE rowid = ? * ${SHIFT} + ?`).pluck()
  const chatText = db.prepare('SELECT title, tags, customer FROM chat_fts WHERE rowid = ?').raw()
  const chatIds = db.prepare('SELECT rowid AS r, id FROM chats WHERE rowid IN (SELECT value FROM json_each(?))')
  const recentFirst = db.prepare(
    "SELECT rowid AS r, id, ended_at AS e, first_text AS t FROM chats WHERE status = 'ended' ORDER BY ended_at DESC, rowid DESC LIMIT ?"
  )
  const recentAfter = db.prepare(
    "SELECT rowid AS r, id, ended_at AS e, first_text AS t FROM chats WHERE status = 'ended' AND (ended_at, rowid) < (?, ?) ORDER BY ended_at DESC, rowid DESC LIMIT ?"
  )
  const tagChunk = db.prepare("SELECT rowid AS r, tags FROM chats WHERE rowid > ? AND tags != '[]' ORDER BY rowid LIMIT 2000")
  // One snapshot for all statements of a request: a chat deleted meanwhile is either wholly there or wholly gone.
  const snapshot = db.transaction((fn: () => ArchiveRows | ArchiveTags) => fn())

  class TimedOut extends Error {}

  const tokens = (text: string): string[] => {
    foldClear.run()
    foldPut.run(text)
    return foldTerms.all() as string[]
  }
  const quote = (term: string) => '"' + term.replace(/"/g, '""') + '"'
  const successor = (term: string) => term.slice(0, -1) + String.fromCodePoint(term.codePointAt(term.length - 1)! + 1)

  /** The FTS5 expression of `words` on one index, or undefined when some word has no term there (nothing matches). */
  const expression = (words: SearchWord[], first: Database.Statement, deadline: number): string | undefined => {
    const parts: string[] = []
    for (const word of words) {
      const terms = tokens(word.text)
      if (!terms.length) continue
      const last = terms.length - 1
      for (let i = 0; i < terms.length; i++) {
        const term = terms[i]!
        if (!word.prefix || i < last) {
          parts.push(quote(term))
          continue
        }
        const below = term.endsWith('\u{10FFFF}') ? term + '\u{10FFFF}' : successor(term)
        const found: string[] = []
        let t = first.get(term, below) as string | undefined
        while (t !== undefined && found.length < MAX_EXPANSION) {
          found.push(t)
          t = first.get(t + '\u0000', below) as string | undefined
          if (Date.now() > deadline) throw new TimedOut()
        }
        if (!found.length) return undefined
        parts.push(t !== undefined ? quote(term) + '*' : '(' + found.map(quote).join(' OR ') + ')')
      }
    }
    return parts.length ? parts.join(' AND ') : undefined
  }

  // What search-text.ts folds: NFKC, lower case, marks dropped. Highlighting only; FTS5 matched.
  const WORD = /[\p{L}\p{N}]+/gu
  const fold = (w: string) => w.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')
  const snippetOf = (text: string, words: SearchWord[]): string | undefined => {
    const src = text.normalize('NFKC')
    const found = [...src.matchAll(WORD)].map((m) => {
      const f = fold(m[0])
      return { at: m.index, word: m[0], hit: words.some((w) => (w.prefix ? f.startsWith(w.text) : f === w.text)) }
    })
    const first = found.findIndex((t) => t.hit)
    if (first < 0) return undefined
    const from = Math.max(0, Math.min(first - Math.floor(SNIPPET_WORDS / 4), found.length - SNIPPET_WORDS))
    const to = Math.min(found.length, from + SNIPPET_WORDS)
    let out = from > 0 ? '…' : ''
    for (let i = from; i < to; i++) {
      const t = found[i]!
      // The separator as written (spaces, punctuation), so an email reads as an email.
      if (i > from) out += src.slice(found[i - 1]!.at + found[i - 1]!.word.length, t.at)
      out += t.hit ? start + t.word + end : t.word
    }
    return to < found.length ? out + '…' : out
  }

  const search = (words: SearchWord[], limit: number, before: number, deadline: number): ArchiveRows => {
    const found: { chat: number; seq?: number }[] = []
    let timedOut = false
    try {
      const inChats = expression(words, firstChatTerm, deadline)
      const inMessages = expression(words, firstMessageTerm, deadline)
      const fromChats = inChats ? (chatHits.all(inChats, before, limit + 1) as number[]) : []
      let c = 0
      let rows = 0
      const add = (chat: number, seq?: number) => {
        const last = found[found.length - 1]
        if (last && last.chat === chat) return
        found.push(seq === undefined ? { chat } : { chat, seq })
      }
      if (inMessages)
        for (const row of messageHits.iterate(inMessages, before) as IterableIterator<{ chat: number; seq: number }>) {
          while (c < fromChats.length && fromChats[c]! > row.chat && found.length <= limit) add(fromChats[c++]!)
          if (found.length > limit) break
          if (c < fromChats.length && fromChats[c] === row.chat) c++
          add(row.chat, row.seq)
          if (found.length > limit) break
          if (++rows % 64 === 0 && Date.now() > deadline) {
            timedOut = true
            break
          }
        }
      if (!timedOut) while (c < fromChats.length && found.length <= limit) add(fromChats[c++]!)
    } catch (err) {
      if (!(err instanceof TimedOut)) throw err
      timedOut = true
    }
    const page = found.slice(0, limit)
    const ids = new Map((chatIds.all(JSON.stringify(page.map((f) => f.chat))) as { r: number; id: string }[]).map((r) => [r.r, r.id]))
    const hits: ArchiveRow[] = []
    for (const f of page) {
      const chatId = ids.get(f.chat)
      if (chatId === undefined) continue
      let snippet: string | undefined
      if (f.seq !== undefined) snippet = snippetOf((messageText.get(f.chat, f.seq) as string | undefined) ?? '', words)
      else for (const field of (chatText.get(f.chat) as string[] | undefined) ?? []) if ((snippet = snippetOf(field, words))) break
      hits.push({ chatId, snippet: snippet ?? '' })
    }
    const out: ArchiveRows = { hits }
    // More below: the extra chat, or (timed out) the rest not looked at yet.
    if (found.length > limit || (timedOut && page.length)) out.next = String(page[page.length - 1]!.chat)
    if (timedOut) out.timedOut = true
    return out
  }

  const recent = (limit: number, before: { endedAt: number; rowid: number } | undefined): ArchiveRows => {
    const rows = (before ? recentAfter.all(before.endedAt, before.rowid, limit + 1) : recentFirst.all(limit + 1)) as {
      r: number
      id: string
      e: number
      t: string
    }[]
    const page = rows.slice(0, limit)
    const out: ArchiveRows = { hits: page.map((r) => ({ chatId: r.id, snippet: r.t })) }
    const last = page[page.length - 1]
    if (rows.length > limit && last) out.next = `${last.e}.${last.r}`
    return out
  }

  const tags = (limit: number, deadline: number): ArchiveTags => {
    const counts = new Map<string, number>()
    let after = 0
    let timedOut = false
    for (;;) {
      const rows = tagChunk.all(after) as { r: number; tags: string }[]
      if (!rows.length) break
      for (const r of rows) for (const t of JSON.parse(r.tags) as string[]) counts.set(t, (counts.get(t) ?? 0) + 1)
      after = rows[rows.length - 1]!.r
      if (Date.now() > deadline) {
        timedOut = true
        break
      }
    }
    const list = [...counts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0))
    return timedOut ? { tags: list.slice(0, limit), timedOut } : { tags: list.slice(0, limit) }
  }

  return {
    run(request) {
      const deadline = Date.now() + request.budgetMs
      return snapshot(() => {
        switch (request.kind) {
          case 'search':
            return search(request.words, request.limit, request.before ?? TOP, deadline)
          case 'recent':
            return recent(request.limit, request.before)
          case 'tags':
            return tags(request.limit, deadline)
        }
      })
    }
  }
}
