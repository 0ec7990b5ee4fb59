// Several relay nodes behind nginx, configured exactly as the README tells operators (the site
// block comes from test/helpers/nginx.ts, and test/cluster/readme-nginx.test.ts keeps the README
// equal to it). Real `parley start` processes on PostgreSQL and Redis, a real nginx, real sockets.
// Which node served a socket is read from the X-Parley-Node header nginx adds.
import type { IncomingHttpHeaders } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { openPgStore } from '../../relay/store/pg-store.js'
import { CLUSTER_ADMIN, CLUSTER_PASSWORD, startCluster, type TestCluster } from '../helpers/cluster.js'
import { png } from '../helpers/images.js'
import { skipWithoutNginx } from '../helpers/nginx.js'
import { skipWithoutPg } from '../helpers/pg.js'
import { skipWithoutRedis } from '../helpers/redis.js'
import { ResilientAgent, ResilientCustomer } from '../helpers/resilient-clients.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const skip = (await skipWithoutPg('load balancer')) || (await skipWithoutRedis('load balancer')) || skipWithoutNginx('load balancer')

/** Logs the admin in through `base` as the console does (JSON, Origin of the page); resolves with the Cookie header. */
const login = async (base: string, origin = base): Promise<string> => {
  const res = await fetch(base + '/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ email: CLUSTER_ADMIN, password: CLUSTER_PASSWORD })
  })
  expect(res.status, await res.clone().text()).toBe(200)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** A client of the cluster that remembers every node nginx gave it, in order. */
const tracked = <T>(cluster: TestCluster, make: (onUpgrade: (h: IncomingHttpHeaders) => void) => T): { client: T; nodes: number[] } => {
  const nodes: number[] = []
  return { client: make((h) => nodes.push(cluster.nodeOf(h['x-parley-node']))), nodes }
}

/** Opens a socket through nginx from `localAddress`; resolves with its upgrade status (101 or the refusal). */
const upgradeStatus = (cluster: TestCluster, localAddress: string, headers: Record<string, string> = {}): Promise<{ status: number; ws: WebSocket }> =>
  new Promise((ok, fail) => {
    const ws = new WebSocket(cluster.nginx!.wsUrl + '/ws/customer', { localAddress, headers })
    ws.once('upgrade', () => ok({ status: 101, ws }))
    ws.once('unexpected-response', (req, res) => {
      ok({ status: res.statusCode ?? 0, ws })
      req.destroy()
    })
    ws.on('error', fail)
  })

describe.skipIf(skip)('two relay nodes behind nginx', () => {
  let cluster: TestCluster
  const clients: { stop(): void }[] = []
  beforeAll(async () => {
    cluster = await startCluster(2, {
      nginx: true,
      // The agent's chats stay theirs while their console moves to the other node.
      env: { PARLEY_AGENT_GRACE_MS: '600000', PARLEY_CHAT_GRACE_MS: '600000', PARLEY_DEFAULT_MAX_CHATS: '20' }
    })
  }, 120_000)
  afterAll(async () => {
    for (const c of clients.splice(0)) c.stop()
    await cluster?.stop()
  }, 60_000)

  /** A customer through nginx on the node `want` (or off it, with `not`): opens sockets until nginx picks it. */
  const customerOn = async (want: (node: number) => boolean): Promise<{ client: ResilientCustomer; nodes: number[] }> => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const t = tracked(cluster, (onUpgrade) => new ResilientCustomer({ wsUrl: cluster.nginx!.wsUrl, headers: { origin: cluster.nginx!.url }, onUpgrade }))
      t.client.start()
      await t.client.until(() => t.client.ready && t.client.available, 20_000, 'customer welcomed and an agent available')
      if (want(t.nodes.at(-1)!)) {
        clients.push(t.client)
        return t
      }
      t.client.stop()
    }
    throw new Error('nginx never picked the wanted node in 10 connections (round robin picks each in turn)')
  }

  /** The admin's console through nginx, switched on, with the nodes nginx gave it. */
  const agentOn = async (): Promise<{ client: ResilientAgent; nodes: number[] }> => {
    const cookie = await login(cluster.nginx!.url)
    const a = tracked(cluster, (onUpgrade) => new ResilientAgent({ wsUrl: cluster.nginx!.wsUrl, cookie, headers: { origin: cluster.nginx!.url }, onUpgrade }))
    clients.push(a.client)
    a.client.start()
    await a.client.until(() => a.client.ready && a.client.on, 20_000, 'agent on')
    return a
  }

  it('serves the console: its page, login, session and socket, and refuses a foreign page', async () => {
    const page = await fetch(cluster.nginx!.url + '/console/')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<script')
    const cookie = await login(cluster.nginx!.url)
    // The session works on whichever node nginx picks: ask often enough to reach both.
    const served = new Set<number>()
    for (let i = 0; i < 6; i++) {
      const me = await fetch(cluster.nginx!.url + '/api/me', { headers: { cookie } })
      expect(me.status).toBe(200)
      expect(((await me.json()) as { me: { email: string } }).me.email).toBe(CLUSTER_ADMIN)
      served.add(cluster.nodeOf(me.headers.get('x-parley-node')))
    }
    expect([...served].sort()).toEqual([0, 1])

    const ws = new WebSocket(cluster.nginx!.wsUrl + '/ws/agent', { headers: { cookie, origin: cluster.nginx!.url } })
    const welcome = await new Promise<{ type: string; me?: { email: string } }>((ok, fail) => {
      ws.once('message', (d) => ok(JSON.parse(String(d))))
      ws.once('open', () => ws.send(JSON.stringify({ type: 'hello', v: 1 })))
      ws.once('error', fail)
    })
    ws.terminate()
    expect(welcome).toMatchObject({ type: 'welcome', me: { email: CLUSTER_ADMIN } })

    // The relay sees the address the browser used (Host passed on), so a page elsewhere is still foreign.
    const foreign = await fetch(cluster.nginx!.url + '/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ email: CLUSTER_ADMIN, password: CLUSTER_PASSWORD })
    })
    expect(foreign.status).toBe(403)

    // Logging out through nginx ends the session on every node.
    const out = await fetch(cluster.nginx!.url + '/api/logout', { method: 'POST', headers: { cookie, origin: cluster.nginx!.url } })
    expect(out.status).toBeLessThan(300)
    for (const i of [0, 1]) expect((await fetch(cluster.node(i).url + '/api/me', { headers: { cookie } })).status).toBe(401)
  }, 60_000)

  it('carries a chat between a customer and an agent on different nodes, both ways, in order, exactly once', async () => {
    const a = await agentOn()
    const agent = a.client
    const { client: customer, nodes } = await customerOn((n) => n !== a.nodes.at(-1))
    expect(nodes.at(-1)).not.toBe(a.nodes.at(-1))

    customer.say('Hello, where is my parcel?')
    await customer.settled(20_000)
    const chatId = customer.chatId!
    await agent.until(() => agent.chats.has(chatId), 20_000, 'agent answered the chat')
    for (let i = 0; i < 20; i++) {
      customer.say(`customer ${i}`)
      agent.say(chatId, `agent ${i}`)
    }
    await customer.settled(20_000)
    await agent.settled(20_000)

    const store = await openPgStore({ url: cluster.schema.url })
    try {
      const stored = await store.messagesAfter(chatId, 0, 10_000)
      expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1))
      const ids = stored.map((m) => m.id)
      for (const s of [...customer.sent, ...agent.sent]) expect(ids.filter((x) => x === s.id)).toHaveLength(1)
      await customer.until(() => customer.transcript.contiguous === stored.length, 20_000, 'customer saw everything')
      await agent.until(() => agent.chats.get(chatId)?.contiguous === stored.length, 20_000, 'agent saw everything')
      expect(customer.transcript.ids()).toEqual(ids)
      expect(agent.chats.get(chatId)!.ids()).toEqual(ids)
      expect([...customer.transcript.violations, ...agent.chats.get(chatId)!.violations]).toEqual([])
    } finally {
      await store.close()
    }
    // An image larger than nginx's default body limit (1 MiB) goes through, and the other node serves it back.
    const image = png(16, 16, { text: 'x'.repeat(2 * 1024 * 1024) })
    const up = await fetch(cluster.nginx!.url + '/api/uploads', {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-parley-token': customer.token, origin: cluster.nginx!.url },
      body: new Uint8Array(image)
    })
    expect(up.status, await up.clone().text()).toBe(201)
    const { id } = (await up.json()) as { id: string }
    for (const i of [0, 1]) {
      const back = await fetch(`${cluster.node(i).url}/uploads/${id}`)
      expect(back.status).toBe(200)
      expect(Buffer.from(await back.arrayBuffer()).equals(image)).toBe(true)
    }
    customer.stop()
    agent.stop()
  }, 120_000)

  it('moves every client of a SIGKILLed node to the other one through nginx, losing and doubling nothing', async () => {
    const a = await agentOn()
    const agent = a.client
    const doomed = a.nodes.at(-1)!
    const survivor = 1 - doomed
    // Customers on both nodes: the doomed node's move with the agent; the survivor's keep talking across.
    const customers = [
      await customerOn((n) => n === doomed),
      await customerOn((n) => n === survivor),
      await customerOn((n) => n === doomed),
      await customerOn((n) => n === survivor)
    ]
    for (const [i, { client }] of customers.entries()) client.say(`hello from customer ${i}`)
    for (const { client } of customers) await client.settled(20_000)
    for (const { client } of customers) await agent.until(() => agent.chats.has(client.chatId!), 20_000, 'agent answered')

    let n = 0
    let busy = true
    const traffic = (async () => {
      while (busy) {
        for (const { client } of customers) client.say(`message ${++n}`)
        for (const { client } of customers) agent.say(client.chatId!, `answer ${++n}`)
        await sleep(5)
      }
    })()
    await sleep(500)
    await cluster.kill(doomed)
    // Messages written while the clients find the other node wait in their outboxes.
    await sleep(1500)
    busy = false
    await traffic
    for (const p of [agent, ...customers.map((c) => c.client)]) await p.settled(30_000)

    // The agent and the doomed node's customers reconnected, through nginx, to the survivor.
    expect(a.nodes.slice(-1)).toEqual([survivor])
    expect(agent.connects).toBeGreaterThan(1)
    for (const c of [customers[0]!, customers[2]!]) {
      expect(c.client.connects).toBeGreaterThan(1)
      expect(c.nodes.at(-1)).toBe(survivor)
    }
    const store = await openPgStore({ url: cluster.schema.url })
    try {
      let total = 0
      for (const { client } of customers) {
        const stored = await store.messagesAfter(client.chatId!, 0, 100_000)
        total += stored.length
        const ids = stored.map((m) => m.id)
        expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1))
        for (const s of [...client.sent, ...agent.sent.filter((x) => x.chatId === client.chatId)]) expect(ids.filter((x) => x === s.id)).toHaveLength(1)
        client.sync()
        await client.until(() => client.transcript.contiguous === stored.length, 20_000, 'customer caught up')
        await agent.until(() => agent.chats.get(client.chatId!)?.contiguous === stored.length, 20_000, 'agent caught up')
        expect(client.transcript.ids()).toEqual(ids)
        expect(agent.chats.get(client.chatId!)!.ids()).toEqual(ids)
        expect(client.transcript.violations).toEqual([])
      }
      expect(total).toBeGreaterThan(100)
      // The chats stayed the agent's: nothing went back to the queue.
      expect((await store.listChats('waiting')).filter((c) => customers.some((x) => x.client.chatId === c.id))).toEqual([])
    } finally {
      await store.close()
    }
    await cluster.start(doomed)
  }, 180_000)

  it('answers every request while the nodes are restarted one by one (a rolling deploy)', async () => {
    const cookie = await login(cluster.nginx!.url)
    const statuses = new Map<string, number>()
    let asking = true
    const ask = async () => {
      while (asking) {
        const answer = await fetch(cluster.nginx!.url + '/api/me', { headers: { cookie } }).then(
          async (res) => {
            await res.arrayBuffer()
            return String(res.status)
          },
          (e: Error) => e.message
        )
        statuses.set(answer, (statuses.get(answer) ?? 0) + 1)
      }
    }
    // The test before restarted a SIGKILLed node, which nginx skips for fail_timeout (10 s) after the
    // refused connections, and takes back only once a request through it succeeds. As the README
    // says, start only when both nodes answer through nginx, or nginx has no node left to ask while
    // the first one restarts (this raced in a clean CI run).
    const served = new Set<string>()
    for (let i = 0; i < 60 && served.size < 2; i++) {
      const res = await fetch(cluster.nginx!.url + '/healthz')
      await res.arrayBuffer()
      if (res.status === 200) served.add(res.headers.get('x-parley-node') ?? '')
      if (served.size < 2) await sleep(500)
    }
    expect(served.size).toBe(2)
    const askers = Array.from({ length: 4 }, ask)
    try {
      for (const i of [0, 1]) {
        // SIGTERM: the node stops taking connections, answers 503 on those nginx keeps open, closes its sockets with 1012.
        const ended = await cluster.kill(i, 'SIGTERM')
        expect(ended?.code, ended?.output).toBe(0)
        await cluster.start(i)
        // nginx counted the 503s and skips the node for fail_timeout (10 s): the README says to wait that long before the next.
        if (i === 0) await sleep(11_000)
      }
    } finally {
      asking = false
      await Promise.all(askers)
    }
    expect(Object.fromEntries(statuses), cluster.nginx!.errors()).toEqual({ 200: expect.any(Number) })
    expect(statuses.get('200')).toBeGreaterThan(20)
  }, 150_000)
})

describe.skipIf(skip)('per-IP limits behind nginx', () => {
  let cluster: TestCluster
  beforeAll(async () => {
    cluster = await startCluster(2, { nginx: true, env: { PARLEY_MAX_SOCKETS_PER_IP: '1' } })
  }, 120_000)
  afterAll(async () => {
    await cluster?.stop()
  }, 60_000)

  it('count the client behind nginx, not nginx, and a client cannot pick its address by sending X-Forwarded-For', async () => {
    const open: WebSocket[] = []
    try {
      // One socket per node from 127.0.0.2 fits (the limit is per node); more are refused.
      const first = []
      for (let i = 0; i < 4; i++) {
        const r = await upgradeStatus(cluster, '127.0.0.2')
        open.push(r.ws)
        first.push(r.status)
      }
      expect(first.filter((s) => s === 101).length).toBeGreaterThanOrEqual(1)
      expect(first.filter((s) => s === 101).length).toBeLessThanOrEqual(2)
      expect(first.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2)
      // Make sure both nodes hold 127.0.0.2's one socket before the checks below.
      for (let i = 0; i < 4 && first.filter((s) => s === 101).length < 2; i++) {
        const r = await upgradeStatus(cluster, '127.0.0.2')
        open.push(r.ws)
        first.push(r.status)
      }
      expect(first.filter((s) => s === 101)).toHaveLength(2)
      // A header naming another address changes nothing: nginx replaces it with the real one.
      for (let i = 0; i < 2; i++) {
        const r = await upgradeStatus(cluster, '127.0.0.2', { 'x-forwarded-for': '198.51.100.7' })
        open.push(r.ws)
        expect(r.status).toBe(429)
      }
      // Another client behind the same nginx is its own address, on either node.
      for (const from of ['127.0.0.3', '127.0.0.4']) {
        const r = await upgradeStatus(cluster, from)
        open.push(r.ws)
        expect(r.status).toBe(101)
      }
    } finally {
      for (const ws of open) ws.terminate()
    }
  }, 60_000)
})
