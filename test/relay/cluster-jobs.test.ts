// Background work with several relay nodes on one PostgreSQL database (a fresh schema): webhook
// deliveries claimed so each ticket is POSTed once to a real loopback receiver whichever node polls,
// and a claim left by a node that died taken over after the lease; retention sweeping only on the
// leader.
import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { makeConfig } from '../../relay/config.js'
import { createTickets, type Tickets } from '../../relay/hub/tickets.js'
import { startRetention } from '../../relay/security/retention.js'
import { openPgStore, type PgStore } from '../../relay/store/pg-store.js'
import { freshSchema, skipWithoutPg, type TestSchema } from '../helpers/pg.js'

const skip = await skipWithoutPg('Cluster background jobs')
const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`
const until = async (what: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe.skipIf(skip)('background jobs of several nodes', () => {
  let schema: TestSchema | undefined
  const stores: PgStore[] = []
  const services: Tickets[] = []
  let receiver: Server | undefined
  afterEach(async () => {
    await Promise.all(services.splice(0).map((t) => t.stop()))
    await Promise.all(stores.splice(0).map((s) => s.close()))
    await new Promise((r) => (receiver ? receiver.close(r) : r(undefined)))
    receiver = undefined
    await schema?.drop()
    schema = undefined
  })

  /** A help desk on loopback that counts the POSTs of each webhook id. */
  const helpDesk = async () => {
    const got = new Map<string, number>()
    receiver = createServer((req, res) => {
      const id = String(req.headers['webhook-id'])
      req.resume()
      req.on('end', () => {
        got.set(id, (got.get(id) ?? 0) + 1)
        res.end('ok')
      })
    })
    await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r))
    return { got, url: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook` }
  }

  const nodes = async (n: number) => {
    schema = await freshSchema()
    for (let i = 0; i < n; i++) stores.push(await openPgStore({ url: schema.url }))
    return stores
  }
  const endedChats = async (store: PgStore, count: number, endedAt: number) => {
    await store.createVisitor({ id: 'v1', tokenHash: 'h1', verified: 0, createdAt: 1 })
    for (let i = 0; i < count; i++) {
      await store.createChat(
        { id: `c${i}`, visitorId: 'v1', status: 'waiting', title: `Order ${i}`, createdAt: endedAt - 10, firstText: 'Hi', tags: [], visitor: {} },
        { id: `m${i}`, from: 'customer', parts: [{ type: 'text', text: 'Hi' }], at: endedAt - 10 }
      )
      await store.endChat(`c${i}`, endedAt)
    }
  }

  it('posts each ticket’s webhook once while three nodes poll', async () => {
    const desk = await helpDesk()
    const [a, b, c] = await nodes(3)
    const config = makeConfig({ webhookUrl: desk.url, webhookSecret: SECRET, webhookPollMs: 10 })
    for (const store of [a!, b!, c!]) {
      const t = createTickets({ store, config })
      t.start()
      services.push(t)
    }
    await endedChats(a!, 30, Date.now())
    // Tickets made on every node, while all three poll.
    const made = await Promise.all(Array.from({ length: 30 }, (_, i) => services[i % 3]!.fromChat(`c${i}`, 'agent', 'http://relay.test')))
    await until(async () => (await a!.listTickets()).every((t) => t.webhook.status === 'delivered'))
    // A delivery recorded as delivered was POSTed; give a second POST (which would come from another poll) time to show.
    await new Promise((r) => setTimeout(r, 300))
    expect(desk.got.size).toBe(30)
    expect([...desk.got.values()].every((n) => n === 1)).toBe(true)
    expect(new Set(made.map((m) => m.ticket.id)).size).toBe(30)
  })

  it('delivers a claim left by a node that died once its lease is over, and only then', async () => {
    const desk = await helpDesk()
    const [a, b] = await nodes(2)
    const config = makeConfig({ webhookUrl: desk.url, webhookSecret: SECRET, webhookPollMs: 10, webhookLeaseMs: 1500 })
    await endedChats(a!, 1, Date.now())
    const { ticket } = await a!.createTicket({
      chatId: 'c0',
      title: 't',
      customer: {},
      tags: [],
      status: 'open',
      note: '',
      chatUrl: '',
      createdAt: Date.now(),
      webhook: true
    })
    // Node A claims the delivery and dies before posting it.
    const claimedAt = Date.now()
    expect((await a!.claimDueWebhooks(claimedAt, config.webhookLeaseMs)).map((t) => t.id)).toEqual([ticket.id])
    const t = createTickets({ store: b!, config })
    t.start()
    services.push(t)
    await until(async () => (await b!.getTicket(ticket.id))!.webhook.status === 'delivered')
    expect(Date.now() - claimedAt).toBeGreaterThanOrEqual(config.webhookLeaseMs)
    expect([...desk.got.values()]).toEqual([1])
  })

  it('sweeps retention on the leader only, and on a node as soon as it becomes leader', async () => {
    const [a, b] = await nodes(2)
    const day = 24 * 3600_000
    await endedChats(a!, 3, Date.now() - 40 * day)
    const config = makeConfig({ retentionDays: 30, retentionSweepMs: 3600_000 })
    let leader: 'a' | 'b' = 'b'
    const swept: string[] = []
    const onError = (err: unknown) => {
      throw err
    }
    const ra = startRetention({ store: a!, config, onError, onSwept: () => swept.push('a'), isLeader: () => leader === 'a' })
    const rb = startRetention({ store: b!, config, onError, onSwept: () => swept.push('b'), isLeader: () => leader === 'b' })
    try {
      await until(async () => (await a!.recentChats(10)).length === 0)
      expect(swept).toEqual(['b'])
      // Leadership moves to A: it sweeps at once (its first sweep as leader), not an hour later.
      await a!.createVisitor({ id: 'v2', tokenHash: 'h2', verified: 0, createdAt: 1 })
      await a!.createChat(
        { id: 'old', visitorId: 'v2', status: 'waiting', title: 'Old', createdAt: 1, firstText: 'Hi', tags: [], visitor: {} },
        { id: 'old-m', from: 'customer', parts: [{ type: 'text', text: 'Hi' }], at: 1 }
      )
      await a!.endChat('old', Date.now() - 40 * day)
      leader = 'a'
      await until(async () => (await a!.recentChats(10)).length === 0)
      expect(swept).toEqual(['b', 'a'])
    } finally {
      ra.stop()
      rb.stop()
    }
  })
})
