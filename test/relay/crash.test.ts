// The relay as a real process, killed with SIGKILL in the middle of a busy chat and started again
// on the same data directory. SQLite runs in WAL mode with synchronous=NORMAL: a commit is a
// write() into the WAL before the ack is sent, and a killed process cannot take back what the
// kernel already has. (Only an OS crash or power cut could lose the last commits; see README.)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { openSqliteStore } from '../../relay/store/sqlite-store.js'
import { freePort, startChildRelay, type ChildRelay } from '../helpers/child-relay.js'
import { ResilientAgent, ResilientCustomer } from '../helpers/resilient-clients.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const PASSWORD = 'correct horse battery'

const envFor = (dataDir: string) => ({
  PARLEY_DATA_DIR: dataDir,
  PARLEY_ADMIN_EMAIL: 'admin@example.com',
  PARLEY_ADMIN_PASSWORD: PASSWORD,
  PARLEY_MAX_FRAMES_PER_SECOND: '10000',
  PARLEY_MAX_FRAMES_PER_SECOND_PER_IP: '100000',
  PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP: '1000',
  // Long enough that the restart does not send the agent's chats back to the queue.
  PARLEY_CHAT_GRACE_MS: '600000',
  PARLEY_AGENT_GRACE_MS: '600000'
})

const login = async (url: string) => {
  const res = await fetch(url + '/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@example.com', password: PASSWORD })
  })
  expect(res.status).toBe(200)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

describe('a relay process killed with SIGKILL mid-chat', () => {
  let relay: ChildRelay | undefined
  let dataDir: string | undefined
  const clients: { stop(): void }[] = []
  afterEach(async () => {
    for (const c of clients.splice(0)) c.stop()
    if (relay && relay.proc.exitCode === null) {
      relay.proc.kill('SIGKILL')
      await relay.exited
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('loses no acknowledged message, keeps queue and assignments, and its clients resume by themselves', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'))
    const port = await freePort()
    relay = await startChildRelay(port, envFor(dataDir))
    const wsUrl = relay.wsUrl
    const agent = new ResilientAgent({ wsUrl, cookie: await login(relay.url) }, false)
    clients.push(agent)
    agent.start()
    await agent.until(() => agent.ready && agent.on, 5000, 'agent on')

    const customers = Array.from({ length: 6 }, () => new ResilientCustomer({ wsUrl }))
    clients.push(...customers)
    for (const c of customers) c.start()
    for (const c of customers) await c.until(() => c.ready && c.available, 5000, 'available')
    for (const [i, c] of customers.entries()) c.say(`hello from customer ${i}`)
    for (const c of customers) await c.settled()
    // Half are answered (assignments), half keep waiting (the queue).
    const answered = customers.slice(0, 3)
    const waiting = customers.slice(3)
    for (const c of answered) agent.accept(c.chatId!)
    for (const c of answered) await agent.until(() => agent.chats.has(c.chatId!), 5000, 'accepted')

    // A busy chat: everyone writes continuously; the kill lands in the middle of it.
    let n = 0
    let busy = true
    const traffic = (async () => {
      while (busy) {
        for (const c of customers) c.say(`message ${++n}`)
        for (const c of answered) agent.say(c.chatId!, `answer ${++n}`)
        await sleep(2)
      }
    })()
    await sleep(300)
    relay.proc.kill('SIGKILL')
    expect((await relay.exited).signal).toBe('SIGKILL')
    // What the relay acknowledged before it died: each a promise that must hold after the restart.
    const promised = new Map<string, { chatId: string; seq: number }>()
    for (const c of customers) for (const s of c.sent) if (s.seq) promised.set(s.id, { chatId: c.chatId!, seq: s.seq })
    for (const s of agent.sent) if (s.seq) promised.set(s.id, { chatId: s.chatId, seq: s.seq })
    await sleep(100)
    busy = false
    await traffic
    expect(promised.size).toBeGreaterThan(50)
    // Some messages were written but not acknowledged when the relay died: the clients hold them.
    expect([...customers, agent].some((p) => p.outbox.length > 0)).toBe(true)

    relay = await startChildRelay(port, envFor(dataDir))
    // Nobody is told to reconnect: the clients' own loops find the relay again and resend.
    for (const p of [agent, ...customers]) await p.settled(15_000)

    const store = openSqliteStore(join(dataDir, 'parley.db'))
    try {
      for (const [id, { chatId, seq }] of promised) {
        const [m] = await store.messagesAfter(chatId, seq - 1, 1)
        expect(m?.id, `acknowledged message ${id}`).toBe(id)
      }
      for (const c of customers) {
        const stored = await store.messagesAfter(c.chatId!, 0, 100_000)
        const ids = stored.map((m) => m.id)
        expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1))
        for (const s of [...c.sent, ...agent.sent.filter((x) => x.chatId === c.chatId)]) expect(ids.filter((x) => x === s.id)).toHaveLength(1)
        c.sync()
        await c.until(() => c.transcript.contiguous === stored.length, 5000, 'customer caught up')
        expect(c.transcript.ids()).toEqual(ids)
      }
      // Queue and assignments are as they were.
      expect((await store.listChats('waiting')).map((c) => c.id).sort()).toEqual(waiting.map((c) => c.chatId!).sort())
      const active = await store.listChats('active')
      expect(active.map((c) => c.id).sort()).toEqual(answered.map((c) => c.chatId!).sort())
      await agent.until(() => waiting.every((c) => agent.waiting.includes(c.chatId!)), 5000, 'queue in the panel')
      for (const c of answered) {
        const stored = await store.messagesAfter(c.chatId!, 0, 100_000)
        await agent.until(() => agent.chats.get(c.chatId!)?.contiguous === stored.length, 5000, 'agent caught up')
        expect(agent.chats.get(c.chatId!)!.ids()).toEqual(stored.map((m) => m.id))
      }
    } finally {
      await store.close()
    }
    for (const p of [agent, ...customers]) expect(p.connects).toBeGreaterThan(1)
  }, 60_000)
})
