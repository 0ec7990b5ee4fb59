// Property: whatever point connections drop at, every message ends up stored exactly once, in the
// order its author wrote it, and both sides' transcripts equal the stored one. Seeded, so a failing
// run names the seed that reproduces it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { ResilientAgent, ResilientCustomer, type Sent } from '../helpers/resilient-clients.js'

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

type Party = ResilientCustomer | ResilientAgent
type Drop = 'none' | 'before send' | 'after send, before ack' | 'after ack'
const DROPS: Drop[] = ['none', 'none', 'before send', 'after send, before ack', 'after ack']

describe('delivery while connections drop at random points', () => {
  let relay: TestRelay
  let cookie: string
  beforeAll(async () => {
    // Limits far above what the run sends: this file is about delivery, limits.test.ts about limits.
    relay = await startTestRelay({
      maxFramesPerSecond: 10_000,
      maxFramesPerSecondPerIp: 100_000,
      maxSocketsPerIp: 10_000,
      maxNewChatsPerMinutePerIp: 100_000,
      defaultMaxChats: 20,
      agentGraceMs: 60_000
    })
    cookie = (await relay.agent('Alice')).cookie
  })
  afterAll(() => relay.close())

  const run = async (seed: number) => {
    const random = prng(seed)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
    const opts = { wsUrl: relay.wsUrl, reconnectDelayMs: () => 5 + random() * 20 }
    const agent = new ResilientAgent({ ...opts, cookie })
    const customers = [new ResilientCustomer(opts), new ResilientCustomer(opts)]
    const everyone: Party[] = [agent, ...customers]
    try {
      agent.start()
      await agent.until(() => agent.ready && agent.on, 5000, 'agent on')
      for (const c of customers) c.start()
      for (const c of customers) await c.until(() => c.ready && c.available, 5000, 'availability')

      const say = (who: Party, n: number): Sent | undefined => {
        if (who instanceof ResilientCustomer) return who.say(`seed ${seed} customer #${n}`)
        const mine = customers.map((c) => c.chatId).filter((id): id is string => !!id && agent.chats.has(id))
        return mine.length ? agent.say(pick(mine), `seed ${seed} agent #${n}`) : undefined
      }
      // Every customer opens their chat first: nothing can be said into a chat that does not exist.
      for (const c of customers) say(c, 0)
      for (let step = 1; step <= 30; step++) {
        const who = pick(everyone)
        switch (pick(DROPS)) {
          case 'none':
            say(who, step)
            break
          case 'before send':
            who.drop()
            say(who, step)
            break
          case 'after send, before ack':
            if (say(who, step)) who.drop()
            break
          case 'after ack':
            say(who, step)
            await who.settled()
            who.drop()
            break
        }
        if (random() < 0.3) await sleep(random() * 10)
      }
      for (const p of everyone) await p.settled()
      // An answer lost with a dropped socket is sent again 2 s later (as a person would look again);
      // its "joined" message is part of the transcript, so compare once every chat is answered.
      await agent.until(() => customers.every((c) => agent.chats.has(c.chatId!)), 15_000, 'agent answered every chat')

      for (const c of customers) {
        const chatId = c.chatId!
        const stored = await relay.app.parley.store.messagesAfter(chatId, 0, 10_000)
        // Gapless seqs and unique ids: exactly once, in the relay's order.
        expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1))
        expect(new Set(stored.map((m) => m.id)).size).toBe(stored.length)
        const ids = stored.map((m) => m.id)
        // Every message written is stored once, and each author's messages keep their order.
        const written = [...c.sent, ...agent.sent.filter((s) => s.chatId === chatId)]
        for (const s of written) expect(ids.filter((id) => id === s.id)).toHaveLength(1)
        for (const mine of [c.sent, agent.sent.filter((s) => s.chatId === chatId)]) {
          const positions = mine.map((s) => ids.indexOf(s.id))
          expect(positions).toEqual([...positions].sort((a, b) => a - b))
        }
        // Both sides converge on the stored transcript (fetching what they missed by themselves).
        c.sync()
        agent.syncAll()
        const last = stored.length
        await c.until(() => c.transcript.contiguous === last, 15_000, 'customer caught up')
        await agent.until(() => agent.chats.get(chatId)?.contiguous === last, 15_000, 'agent caught up')
        expect(c.transcript.ids()).toEqual(ids)
        expect(agent.chats.get(chatId)!.ids()).toEqual(ids)
        expect(c.transcript.violations).toEqual([])
        expect(agent.chats.get(chatId)!.violations).toEqual([])
        // An ack is the relay's promise: the acknowledged seq holds that very message.
        for (const s of written) expect(stored[s.seq! - 1]!.id).toBe(s.id)
      }
      // The run dropped connections for real.
      return everyone.reduce((n, p) => n + p.connects, 0) - everyone.length
    } finally {
      for (const c of customers) if (c.chatId) await relay.app.parley.hub.customerEnd(c.chatId)
      for (const p of everyone) p.stop()
    }
  }

  for (const batch of [0, 1, 2, 3]) {
    it(`stores each message once, in order, and both sides see the stored transcript (seeds ${batch * 8 + 1}–${batch * 8 + 8})`, async () => {
      let reconnects = 0
      for (let seed = batch * 8 + 1; seed <= batch * 8 + 8; seed++) {
        try {
          reconnects += await run(seed)
        } catch (e) {
          throw new Error(`seed ${seed}: ${(e as Error).message}`, { cause: e })
        }
      }
      expect(reconnects).toBeGreaterThan(8)
    }, 120_000)
  }
})
