// Group commit on a real SQLite file: the writes of one event-loop turn share one transaction,
// every promise settles after that transaction committed (another connection already sees the
// row), and an operation that fails fails alone.
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Part } from '../../protocol/index.js'
import { openSqliteStore, type SqliteStore } from '../../relay/store/sqlite-store.js'

const text = (t: string): Part[] => [{ type: 'text', text: t }]
const turn = () => new Promise((r) => setImmediate(r))

describe('group commit', () => {
  let dir: string
  let file: string
  let store: SqliteStore
  let other: Database.Database
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-group-'))
    file = join(dir, 'parley.db')
    store = openSqliteStore(file)
    await store.createVisitor({ id: 'v1', tokenHash: 'h1', verified: 0, createdAt: 1 })
    // A second connection sees only what is committed.
    other = new Database(file, { readonly: true })
  })
  afterEach(async () => {
    other.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const chat = (id: string) =>
    store.createChat(
      { id, visitorId: 'v1', status: 'waiting', title: 'Hi', createdAt: 10, firstText: 'Hi', tags: [], visitor: {} },
      { id: `${id}-m1`, from: 'customer', parts: text('Hi'), at: 10 }
    )
  const committed = (chatId: string, id: string) =>
    other.prepare('SELECT seq FROM messages WHERE chat_id = ? AND id = ?').get(chatId, id) as { seq: number } | undefined

  it('writes what many chats send in one turn in one transaction, gapless per chat, each resolving after the commit', async () => {
    const chats = Array.from({ length: 40 }, (_, i) => `c${i}`)
    await Promise.all(chats.map(chat))
    const before = store.writeStats()
    // 40 senders × 25 messages, all asked for in this one turn, interleaved across chats.
    const sends: Promise<void>[] = []
    for (let n = 1; n <= 25; n++)
      for (const c of chats)
        sends.push(
          store.appendMessage(c, { id: `${c}-x${n}`, from: 'customer', parts: text(`message ${n} of ${c}`), at: 20 + n }).then(({ message }) => {
            // Settled only once committed: the other connection already reads it, with the same seq.
            expect(committed(c, message.id)).toEqual({ seq: message.seq })
          })
        )
    await Promise.all(sends)
    expect(store.writeStats()).toEqual({ commits: before.commits + 1, operations: before.operations + 1000 })
    for (const c of chats) {
      const stored = await store.messagesAfter(c, 0, 100)
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1))
      expect(stored.slice(1).map((m) => m.id)).toEqual(Array.from({ length: 25 }, (_, i) => `${c}-x${i + 1}`))
      expect((await store.getChat(c))!.lastSeq).toBe(26)
    }
  })

  it('keeps seqs gapless and client ids unique when senders race across turns with resends', async () => {
    const chats = ['a', 'b', 'c', 'd', 'e']
    await Promise.all(chats.map(chat))
    // Each sender sends 30 messages, a few at a time, and resends each one: sometimes in the same
    // turn (the same transaction), sometimes a turn later.
    const sender = async (c: string) => {
      const out: { id: string; seq: number; duplicate: boolean }[] = []
      for (let n = 1; n <= 30; n += 3) {
        const batch: Promise<void>[] = []
        for (let k = n; k < n + 3; k++) {
          const m = { id: `${c}-${k}`, from: 'customer' as const, parts: text(`m${k}`), at: k }
          const record = (r: { message: { id: string; seq: number }; duplicate: boolean }) =>
            void out.push({ id: r.message.id, seq: r.message.seq, duplicate: r.duplicate })
          batch.push(store.appendMessage(c, m).then(record))
          batch.push((k % 2 ? Promise.resolve() : turn()).then(() => store.appendMessage(c, m).then(record)))
        }
        await Promise.all(batch)
      }
      return out
    }
    const results = await Promise.all(chats.map(sender))
    expect(store.writeStats().commits).toBeGreaterThan(10)
    for (const [i, c] of chats.entries()) {
      const stored = await store.messagesAfter(c, 0, 100)
      expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 31 }, (_, k) => k + 1))
      expect(new Set(stored.map((m) => m.id)).size).toBe(31)
      // Both answers for a client id name the same stored message; exactly one of them stored it.
      const seqOf = new Map(stored.map((m) => [m.id, m.seq]))
      for (const r of results[i]!) expect(r.seq).toBe(seqOf.get(r.id))
      expect(results[i]!.filter((r) => !r.duplicate)).toHaveLength(30)
    }
  })

  it('fails only the operation that failed; the rest of its transaction commits', async () => {
    await chat('good')
    const admin = await store.createAgent({ email: 'ada@x.test', name: 'Ada', displayName: 'Ada', role: 'admin', passwordHash: 'x', maxChats: 4 })
    const before = store.writeStats()
    const bigint = [{ type: 'text', text: 1n }] as unknown as Part[]
    const outcomes = await Promise.allSettled([
      store.appendMessage('good', { id: 'g1', from: 'customer', parts: text('one'), at: 1 }),
      // No such chat.
      store.appendMessage('missing', { id: 'x1', from: 'customer', parts: text('lost'), at: 1 }),
      // A constraint: the email is taken.
      store.createAgent({ email: 'ADA@x.test', name: 'Ada 2', displayName: 'Ada', role: 'agent', passwordHash: 'x', maxChats: 4 }),
      // Fails halfway: the chat row is written, then its first message cannot be; the chat must go too.
      store.createChat(
        { id: 'half', visitorId: 'v1', status: 'waiting', title: 'Half', createdAt: 11, firstText: '', tags: [], visitor: {} },
        { id: 'half-m1', from: 'customer', parts: bigint, at: 11 }
      ),
      store.appendMessage('good', { id: 'g2', from: 'customer', parts: text('two'), at: 2 }),
      store.updateAgent(admin.id, { name: 'Ada Lovelace' })
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'rejected', 'fulfilled', 'fulfilled'])
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/chat not found/)
    expect(String((outcomes[2] as PromiseRejectedResult).reason)).toMatch(/UNIQUE/)
    expect(store.writeStats().commits).toBe(before.commits + 1)
    expect((await store.messagesAfter('good', 0, 10)).map((m) => [m.id, m.seq])).toEqual([
      ['good-m1', 1],
      ['g1', 2],
      ['g2', 3]
    ])
    expect(committed('good', 'g2')).toEqual({ seq: 3 })
    expect(await store.getChat('half')).toBeUndefined()
    expect(other.prepare("SELECT count(*) AS n FROM chats WHERE id = 'half'").get()).toEqual({ n: 0 })
    expect((await store.listAgents()).map((a) => a.name)).toEqual(['Ada Lovelace'])
  })

  it('checkpoints the WAL from its own thread while writes go on, and loses nothing', async () => {
    other.close()
    await store.close()
    // A store whose checkpoints run in the checkpointer thread: its own connection never checkpoints
    // below 10,000 pages, so the database file grows only if that thread copies the WAL back.
    store = openSqliteStore(file, { checkpointEveryMs: 20 })
    other = new Database(file, { readonly: true })
    const before = statSync(file).size
    await Promise.all(Array.from({ length: 30 }, (_, i) => chat(`c${i}`)))
    // Fewer pages than SQLite's own threshold (1,000), at which this connection would checkpoint without the option.
    for (let round = 0; round < 10; round++)
      await Promise.all(
        Array.from({ length: 30 }, (_, i) => store.appendMessage(`c${i}`, { id: `r${round}`, from: 'customer', parts: text(`round ${round}`), at: round }))
      )
    expect(statSync(`${file}-wal`).size).toBeLessThan(1000 * 4096)
    for (let i = 0; i < 100 && statSync(file).size <= before; i++) await new Promise((r) => setTimeout(r, 20))
    expect(statSync(file).size).toBeGreaterThan(before)
    await store.close()
    store = openSqliteStore(file)
    for (let i = 0; i < 30; i++) expect((await store.messagesAfter(`c${i}`, 0, 100)).map((m) => m.seq)).toEqual(Array.from({ length: 11 }, (_, k) => k + 1))
  })

  it('writes what was asked for before close()', async () => {
    await chat('c1')
    const last = store.appendMessage('c1', { id: 'm2', from: 'agent', parts: text('bye'), at: 2 })
    await store.close()
    await expect(last).resolves.toMatchObject({ message: { seq: 2 } })
    expect(committed('c1', 'm2')).toEqual({ seq: 2 })
    await expect(store.appendMessage('c1', { id: 'm3', from: 'agent', parts: text('late'), at: 3 })).rejects.toThrow()
    store = openSqliteStore(file)
  })
})
