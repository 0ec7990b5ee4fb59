import { copyFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSqliteStore, type SqliteStore } from '../../relay/store/sqlite-store.js'
import type { Store } from '../../relay/store/store.js'

const text = (t: string) => [{ type: 'text' as const, text: t }]

describe('SQLite store', () => {
  let dir: string
  let store: Store
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-store-'))
    store = openSqliteStore(join(dir, 'parley.db'))
    await store.createVisitor({ id: 'v1', tokenHash: 'h1', verified: 0, createdAt: 1 })
  })
  afterEach(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const chat = (id: string, createdAt: number) =>
    store.createChat(
      { id, visitorId: 'v1', status: 'waiting', title: 'Hi', createdAt, firstText: 'Hi', tags: [], visitor: {} },
      { id: `${id}-m1`, from: 'customer', parts: text('Hi'), at: createdAt }
    )

  const agent = (email: string, maxChats = 4) => store.createAgent({ email, name: email, displayName: email, role: 'agent', passwordHash: 'x', maxChats })

  /** One ended chat whose second message says "zebra crossing", written through `s`. */
  const zebraChat = async (s: SqliteStore) => {
    await s.createVisitor({ id: 'v1', tokenHash: 'h1', verified: 0, createdAt: 1 })
    await s.createChat(
      { id: 'c1', visitorId: 'v1', status: 'waiting', title: 'Hi', createdAt: 10, firstText: 'Hi', tags: [], visitor: {} },
      { id: 'c1-m1', from: 'customer', parts: text('Hi'), at: 10 }
    )
    await s.appendMessage('c1', { id: 'm2', from: 'customer', parts: text('zebra crossing'), at: 11 })
    await s.endChat('c1', 12)
  }

  it('indexes, when it opens again, the messages whose full-text entries a crash lost', async () => {
    const file = join(dir, 'lagging.db')
    const lagging = openSqliteStore(file, { messageIndexLagMs: 60_000 })
    const copy = join(dir, 'after-crash.db')
    try {
      await zebraChat(lagging)
      // A crash now: the messages are committed, their index entries still wait in memory.
      copyFileSync(file, copy)
      copyFileSync(file + '-wal', copy + '-wal')
    } finally {
      await lagging.close()
    }
    const raw = new Database(copy)
    expect(raw.prepare("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'zebra'").pluck().get()).toBe(0)
    raw.close()
    const reopened = openSqliteStore(copy)
    try {
      expect((await reopened.searchArchive!('zebra', { limit: 10 })).hits.map((h) => h.chatId)).toEqual(['c1'])
      expect((await reopened.searchArchive!('hi', { limit: 10 })).hits.map((h) => h.chatId)).toEqual(['c1'])
    } finally {
      await reopened.close()
    }
  })

  it('finds a message in the archive as soon as it is stored, its index entry still waiting', async () => {
    const lagging = openSqliteStore(join(dir, 'lagging.db'), { messageIndexLagMs: 60_000 })
    try {
      await zebraChat(lagging)
      expect((await lagging.searchArchive!('zebra', { limit: 10 })).hits.map((h) => h.chatId)).toEqual(['c1'])
    } finally {
      await lagging.close()
    }
  })

  // The CLI (`parley erase`, `parley backup`…) opens the database while the relay runs, and indexes
  // at open what it finds unindexed: the relay's waiting entries. Once the relay writes them too,
  // neither may fail (regression: the same rowid twice refused the relay's batch, and every
  // search after it, or the CLI's open; `parley erase` exited 1 in data.test).
  it('keeps indexing and searching when another process opens the database while entries wait', async () => {
    const file = join(dir, 'lagging.db')
    const relay = openSqliteStore(file, { messageIndexLagMs: 60_000 })
    try {
      await zebraChat(relay)
      const cli = openSqliteStore(file)
      try {
        expect((await cli.searchArchive!('zebra', { limit: 10 })).hits.map((h) => h.chatId)).toEqual(['c1'])
      } finally {
        await cli.close()
      }
      expect((await relay.searchArchive!('zebra', { limit: 10 })).hits.map((h) => h.chatId)).toEqual(['c1'])
      await relay.appendMessage('c1', { id: 'm3', from: 'agent', parts: text('zebra again'), at: 13 })
      expect((await relay.searchArchive!('again', { limit: 10 })).hits.map((h) => h.chatId)).toEqual(['c1'])
    } finally {
      await relay.close()
    }
    const raw = new Database(file)
    expect(raw.prepare("SELECT count(*) FROM message_fts WHERE message_fts MATCH 'zebra'").pluck().get()).toBe(2)
    raw.exec("INSERT INTO message_fts(message_fts) VALUES('integrity-check')")
    raw.close()
  })

  it('assigns seq numbers from 1 without gaps', async () => {
    await chat('c1', 10)
    const a = await store.appendMessage('c1', { id: 'm2', from: 'customer', parts: text('a'), at: 11 })
    const b = await store.appendMessage('c1', { id: 'm3', from: 'customer', parts: text('b'), at: 12 })
    expect([a.message.seq, b.message.seq]).toEqual([2, 3])
    expect((await store.messagesAfter('c1', 1, 10)).map((m) => m.id)).toEqual(['m2', 'm3'])
    expect((await store.getChat('c1'))!.lastSeq).toBe(3)
  })

  it('returns the stored message for a duplicate client id and stores nothing new', async () => {
    await chat('c1', 10)
    const first = await store.appendMessage('c1', { id: 'm2', from: 'customer', parts: text('a'), at: 11 })
    const again = await store.appendMessage('c1', { id: 'm2', from: 'customer', parts: text('changed'), at: 99 })
    expect(again).toEqual({ message: first.message, duplicate: true })
    expect(await store.messagesAfter('c1', 0, 10)).toHaveLength(2)
  })

  it('lists waiting chats oldest first', async () => {
    await chat('late', 30)
    await chat('early', 10)
    await chat('middle', 20)
    expect((await store.listChats('waiting')).map((c) => c.id)).toEqual(['early', 'middle', 'late'])
  })

  it('assigns a waiting chat to exactly one of two agents', async () => {
    await chat('c1', 10)
    const [a, b] = await Promise.all([agent('a@x.test'), agent('b@x.test')])
    const results = await Promise.all([store.assignChat('c1', a.id, 4, 20), store.assignChat('c1', b.id, 4, 20)])
    expect(results.sort()).toEqual(['ok', 'taken'])
  })

  it('refuses an assignment beyond the maximum simultaneous chats', async () => {
    await chat('c1', 10)
    await chat('c2', 11)
    const a = await agent('a@x.test', 1)
    expect(await store.assignChat('c1', a.id, 1, 20)).toBe('ok')
    expect(await store.assignChat('c2', a.id, 1, 21)).toBe('max_chats')
    expect((await store.getChat('c2'))!.status).toBe('waiting')
  })

  it('keeps committed data when reopened', async () => {
    await chat('c1', 10)
    await store.close()
    store = openSqliteStore(join(dir, 'parley.db'))
    expect((await store.messagesAfter('c1', 0, 10)).map((m) => m.parts)).toEqual([text('Hi')])
  })

  it('ends a chat once', async () => {
    await chat('c1', 10)
    expect(await store.endChat('c1', 50)).toBe(true)
    expect(await store.endChat('c1', 60)).toBe(false)
    expect((await store.getChat('c1'))!.endedAt).toBe(50)
  })

  it('expires sessions', async () => {
    const a = await agent('a@x.test')
    await store.createSession({ tokenHash: 't', agentId: a.id, createdAt: 0, expiresAt: 100 })
    expect(await store.getSession('t', 99)).toBeDefined()
    expect(await store.getSession('t', 100)).toBeUndefined()
  })
})
