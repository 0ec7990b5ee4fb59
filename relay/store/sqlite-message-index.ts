// The full-text index of message text, kept just behind the commit. Writing a message's FTS5 row
// in its own group commit cost ≈ 20 µs of CPU per message at 5,000 msg/s (same-run A/B with the
// index off: 76–83 against 98–100 µs): FTS5 writes a new segment (and merges) at every
// transaction, so small batches pay its fixed cost again and again. Instead a message's entry
// waits in memory and is written with the others, in one of the writer's transactions, at most
// `lagMs` later (or sooner, see below). Nothing becomes less durable: the message itself is
// committed before its ack as before; only its index entry may be behind it.
//
// - Search never misses a committed message: every archive search first writes what is pending
//   (searchFirst), so a search asked for after a message's ack sees it.
// - Deleting chats (retention, erasure) writes what is pending in the same transaction first, so
//   no entry of a deleted chat is written after its chat is gone (withPending).
// - A crash loses at most the pending entries, never a message: at open, `recover` indexes each
//   chat's messages that have none. Entries are written in the order of their messages and a
//   batch commits whole, so what is missing is always the newest of a chat's messages: for every
//   chat, its messages newest first until one that is indexed.
// - Should a batch fail (its transaction rolled back), its entries go back to the queue.
// - Another process opening the database (the CLI) indexes at open what waits here; both write
//   with OR REPLACE, so the second write of an entry replaces the first.
import type Database from 'better-sqlite3'
import { partsText, type Part } from '../../protocol/index.js'
import { MESSAGE_ROWID_SHIFT } from './sqlite-archive.js'
import type { Write } from './sqlite-writer.js'

/** How long a message's index entry may wait for the next batch, ms. */
export const MESSAGE_INDEX_LAG_MS = 50

interface Entry {
  rowid: number
  text: string
}

/** The batched message index of one SQLite database. */
export interface MessageIndex {
  /** Queues the entry of a message just written (call inside a write). `chatRowid` is its chat's rowid. */
  add(chatRowid: number, seq: number, text: string): void
  /** Runs `op` as a write, with every pending entry written first in the same transaction. */
  withPending: Write
  /** Writes what is pending now (before a search, or before closing). */
  writePending(): Promise<void>
  /** Indexes committed messages whose entries a crash lost; returns how many. Call at open, before any write. */
  recover(): number
}

/** Creates the message index of `db`, writing through `write`. */
export const createMessageIndex = (db: Database.Database, write: Write, lagMs = MESSAGE_INDEX_LAG_MS): MessageIndex => {
  // OR REPLACE: another process that opens the database while entries wait here (the CLI's erase,
  // backup…) indexes them at open (recover); written again here, they replace those (the same text).
  const insert = db.prepare('INSERT OR REPLACE INTO message_fts (rowid, text) VALUES (?, ?)')
  let pending: Entry[] = []
  let timer: NodeJS.Timeout | undefined

  const withPending: Write = <T>(op: () => T) => {
    let batch: Entry[] | undefined
    return write(() => {
      // A batch the writer runs again (its first transaction rolled back) writes the same entries.
      batch ??= pending.splice(0)
      for (const e of batch) insert.run(e.rowid, e.text)
      return op()
    }).catch((err: unknown) => {
      if (batch?.length) pending = [...batch, ...pending]
      throw err
    })
  }
  const writePending = async () => {
    if (timer) clearTimeout(timer)
    timer = undefined
    if (pending.length) await withPending(() => undefined)
  }

  return {
    add(chatRowid, seq, text) {
      if (seq >= MESSAGE_ROWID_SHIFT) return
      pending.push({ rowid: chatRowid * MESSAGE_ROWID_SHIFT + seq, text })
      // Not keeping the process alive: close() writes what is left.
      timer ??= setTimeout(() => void writePending().catch(() => {}), lagMs).unref()
    },
    withPending,
    writePending,
    recover() {
      const chats = db.prepare('SELECT rowid AS rid, id FROM chats').all() as { rid: number; id: string }[]
      const newest = db.prepare(`SELECT seq, parts FROM messages WHERE chat_id = ? AND author != 'system' AND seq < ${MESSAGE_ROWID_SHIFT} ORDER BY seq DESC`)
      const indexed = db.prepare('SELECT 1 FROM message_fts WHERE rowid = ?').pluck()
      const missing: Entry[] = []
      for (const c of chats)
        for (const m of newest.iterate(c.id) as IterableIterator<{ seq: number; parts: string }>) {
          const rowid = c.rid * MESSAGE_ROWID_SHIFT + m.seq
          if (indexed.get(rowid)) break
          missing.push({ rowid, text: partsText(JSON.parse(m.parts) as Part[]) })
        }
      if (missing.length)
        db.transaction(() => {
          for (const e of missing) insert.run(e.rowid, e.text)
        })()
      return missing.length
    }
  }
}
