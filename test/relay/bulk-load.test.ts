// The documented fast path for big databases (relay/store/bulk-load.ts): writes asked for together
// share a transaction, and the rows are exactly those of the same calls awaited one by one.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Part } from '../../protocol/index.js'
import { bulkLoad } from '../../relay/store/bulk-load.js'
import { openSqliteStore, type SqliteStore } from '../../relay/store/sqlite-store.js'

const text = (t: string): Part[] => [{ type: 'text', text: t }]

/** The writes of chat `i`: a visitor, the chat and its first message, more messages, its end. */
const chatWrites = (store: SqliteStore, i: number): (() => Promise<unknown>)[] => [
  () => store.createVisitor({ id: `v${i}`, tokenHash: `h${i}`, verified: 0, createdAt: i }),
  () =>
    store.createChat(
      { id: `c${i}`, visitorId: `v${i}`, status: 'waiting', title: `Chat ${i}`, createdAt: 1000 + i, firstText: 'hi', tags: i % 3 ? [] : ['vip'], visitor: {} },
      { id: `c${i}-0`, from: 'customer', parts: text(`hello number ${i}`), at: 1000 + i }
    ),
  ...Array.from(
    { length: 6 },
    (_, k) => () => store.appendMessage(`c${i}`, { id: `c${i}-${k + 1}`, from: k % 2 ? 'agent' : 'customer', parts: text(`word${i} reply ${k}`), at: 2000 + k })
  ),
  () => store.updateChat(`c${i}`, { tags: ['done'] }),
  () => store.endChat(`c${i}`, 5000 + i)
]

const dump = (file: string) => {
  const db = new Database(file, { readonly: true })
  try {
    const queries = {
      visitors: 'SELECT rowid, * FROM visitors ORDER BY rowid',
      chats: 'SELECT rowid, * FROM chats ORDER BY rowid',
      messages: 'SELECT * FROM messages ORDER BY chat_id, seq',
      message_fts: 'SELECT rowid, * FROM message_fts ORDER BY rowid',
      chat_fts: 'SELECT rowid, * FROM chat_fts ORDER BY rowid'
    }
    return Object.fromEntries(Object.entries(queries).map(([t, sql]) => [t, db.prepare(sql).all()]))
  } finally {
    db.close()
  }
}

describe('bulk loading through the Store', () => {
  const dirs: string[] = []
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const fresh = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-bulk-'))
    dirs.push(dir)
    return join(dir, 'parley.db')
  }

  it('writes exactly the rows of the same calls awaited one by one, in a few transactions', async () => {
    const slow = fresh()
    let store = openSqliteStore(slow)
    for (let i = 0; i < 60; i++) for (const write of chatWrites(store, i)) await write()
    await store.close()

    const fast = fresh()
    store = openSqliteStore(fast)
    const done: number[] = []
    await bulkLoad(
      60,
      25,
      (i) => chatWrites(store, i).map((write) => write()),
      (n) => done.push(n)
    )
    expect(store.writeStats().commits).toBe(3)
    expect(done).toEqual([25, 50, 60])
    expect(await store.searchChats('word42', 5)).toEqual([{ chatId: 'c42', snippet: expect.stringContaining('word42') }])
    await store.close()

    expect(dump(fast)).toEqual(dump(slow))
  })
})
