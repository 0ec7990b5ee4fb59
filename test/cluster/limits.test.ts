// What two relay nodes on one PostgreSQL schema and one Redis prefix must share or do once, each
// against real child processes: the login rate limit, new chats and offline-form messages per IP
// count for both nodes, the
// lockout holds on both and across a restart, a logout on one node closes the agent's socket on the
// other, each ticket's webhook reaches a real loopback receiver once, and two nodes started at the
// same moment on an empty database create one admin.
import { createServer, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../protocol/index.js'
import { freePort, startChildRelay, type ChildRelay } from '../helpers/child-relay.js'
import { CLUSTER_PASSWORD, CLUSTER_TEST_ENV, skipWithoutCluster } from '../helpers/cluster.js'
import { clusterPerTest } from '../helpers/cluster-per-test.js'
import { freshSchema, type TestSchema } from '../helpers/pg.js'
import { REDIS_TEST_URL, freshPrefix } from '../helpers/redis.js'
import type { TestClient } from '../helpers/ws-client.js'

const skip = await skipWithoutCluster('cluster limits')
const HOOK_SECRET = `whsec_${Buffer.alloc(32, 9).toString('base64')}`

describe.skipIf(skip)('what two relay nodes share', () => {
  const nodes = clusterPerTest()
  const post = (i: number, path: string, body: object, cookie?: string) =>
    fetch(nodes.cluster.node(i).url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: JSON.stringify(body)
    })
  const login = (i: number, email: string, password: string) => post(i, '/api/login', { email, password }).then((r) => r.status)
  const agentOn = async (i: number, cookie: string, on = false): Promise<TestClient> => {
    const agent = await nodes.socket(i, '/ws/agent', { cookie })
    await agent.next('welcome')
    if (on) {
      agent.send({ type: 'status', on: true })
      await agent.next('me', (f) => f.me.on)
    }
    return agent
  }

  it('counts login attempts per IP across both nodes', async () => {
    await nodes.start(2, { env: { PARLEY_MAX_LOGINS_PER_MINUTE_PER_IP: '4' } })
    // Four addresses nobody has, two on each node: each counts towards the same limit.
    const seen = [
      await login(0, 'a@x.test', 'guess one'),
      await login(1, 'b@x.test', 'guess two'),
      await login(0, 'c@x.test', 'x'),
      await login(1, 'd@x.test', 'y')
    ]
    expect(seen).toEqual([401, 401, 401, 401])
    const refused = await post(0, '/api/login', { email: 'admin@example.com', password: CLUSTER_PASSWORD })
    expect(refused.status).toBe(429)
    expect((await refused.json()).code).toBe('rate_limited')
    expect(await login(1, 'admin@example.com', CLUSTER_PASSWORD)).toBe(429)
  })

  it('counts new chats per IP across both nodes', async () => {
    const cluster = await nodes.start(2, { env: { PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP: '3' } })
    await agentOn(1, await cluster.login(1), true)
    const start = async (i: number, id: string) => {
      const c = await nodes.socket(i, '/ws/customer')
      if (!(await c.next('welcome')).available) await c.next('availability', (f) => f.available === true, 10_000)
      c.send({ type: 'start', id, parts: [{ type: 'text', text: `hello ${id}` }] })
      const f = await Promise.race([c.next('started', () => true, 10_000), c.next('error', () => true, 10_000)])
      return f.type === 'started' ? 'started' : (f.code as string)
    }
    const seen = [await start(0, 'one'), await start(1, 'two'), await start(0, 'three'), await start(1, 'four'), await start(0, 'five')]
    expect(seen).toEqual(['started', 'started', 'started', 'rate_limited', 'rate_limited'])
  })

  it('counts offline-form messages per IP across both nodes: N on node A, then node B refuses one more with a clear rate_limited', async () => {
    const cluster = await nodes.start(2, { env: { PARLEY_MAX_OFFLINE_MESSAGES_PER_HOUR_PER_IP: '3' } })
    const cookie = await cluster.login(0)
    const site = { allowedOrigins: ['https://shop.test'], widgetTitle: 'Chat with us', widgetColor: '#0b5fff', greeting: '', offlineMode: 'form' }
    // Saved through each node, so neither waits for the other to hear of it.
    for (const i of [0, 1]) {
      const res = await fetch(cluster.node(i).url + '/api/site', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(site)
      })
      expect(res.status).toBe(200)
    }
    // nginx would set X-Forwarded-For; the nodes believe it from loopback (PARLEY_TRUSTED_PROXIES).
    const leave = async (i: number, ip: string, message: string) => {
      const res = await fetch(nodes.cluster.node(i).url + '/api/offline-message', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://shop.test', 'x-forwarded-for': ip },
        body: JSON.stringify({ name: 'Olga', email: 'olga@example.com', message })
      })
      return { status: res.status, body: (await res.json()) as { code?: string; message?: string; received?: boolean } }
    }
    const ip = '203.0.113.40'
    for (let n = 1; n <= 3; n++) expect(await leave(0, ip, `Do you ship to Norway? (${n})`)).toEqual({ status: 201, body: { received: true } })
    const refused = await leave(1, ip, 'Do you ship to Norway? (4)')
    expect(refused).toEqual({
      status: 429,
      body: { code: 'rate_limited', message: 'Too many messages from this network; please try again in an hour' }
    })
    expect((await leave(0, ip, 'Do you ship to Norway? (5)')).status).toBe(429)
    // Another address has a count of its own; the refused messages made no ticket.
    expect((await leave(1, '198.51.100.40', 'Hello from elsewhere')).status).toBe(201)
    const tickets = await fetch(cluster.node(1).url + '/api/tickets', { headers: { cookie } }).then((r) => r.json() as Promise<{ tickets: { note: string }[] }>)
    expect(tickets.tickets).toHaveLength(4)
  })

  it('locks an email on both nodes after failures counted on both, and still after both restart', async () => {
    const cluster = await nodes.start(2, { env: { PARLEY_LOCKOUT_FAILURES: '3', PARLEY_LOCKOUT_MS: '600000' } })
    expect([await login(0, 'admin@example.com', 'wrong'), await login(1, 'admin@example.com', 'wrong'), await login(0, 'ADMIN@example.com', 'wrong')]).toEqual([
      401, 401, 401
    ])
    expect(await login(1, 'admin@example.com', CLUSTER_PASSWORD)).toBe(429)
    expect(await login(0, 'admin@example.com', CLUSTER_PASSWORD)).toBe(429)
    await cluster.kill(0)
    await cluster.kill(1)
    await cluster.start(1)
    expect(await login(1, 'admin@example.com', CLUSTER_PASSWORD)).toBe(429)
  })

  it('closes the agent’s socket on node B when the session logs out on node A, and on both when the password changes', async () => {
    const cluster = await nodes.start(2)
    const cookie = await cluster.login(0)
    const onB = await agentOn(1, cookie)
    const other = await cluster.login(1)
    const otherOnB = await agentOn(1, other)
    const otherOnA = await agentOn(0, other)
    expect((await post(0, '/api/logout', {}, cookie)).status).toBeLessThan(300)
    expect((await onB.closed).code).toBe(CLOSE.unauthorized)
    // The other session is untouched until the password changes on node A.
    otherOnB.send({ type: 'ping' } as never)
    const change = await post(0, '/api/password', { current: CLUSTER_PASSWORD, next: 'another long password' }, other)
    expect(change.status).toBe(200)
    expect((await otherOnB.closed).code).toBe(CLOSE.unauthorized)
    expect((await otherOnA.closed).code).toBe(CLOSE.unauthorized)
  })

  it('posts each ticket’s webhook once to the help desk while both nodes run', async () => {
    const got = new Map<string, number>()
    const desk: Server = createServer((req, res) => {
      const id = String(req.headers['webhook-id'])
      req.resume()
      req.on('end', () => {
        got.set(id, (got.get(id) ?? 0) + 1)
        res.end('ok')
      })
    })
    await new Promise<void>((r) => desk.listen(0, '127.0.0.1', r))
    nodes.defer(() => new Promise((r) => desk.close(r)))
    const hook = `http://127.0.0.1:${(desk.address() as { port: number }).port}/hook`
    const cluster = await nodes.start(2, { env: { PARLEY_WEBHOOK_URL: hook, PARLEY_WEBHOOK_SECRET: HOOK_SECRET, PARLEY_WEBHOOK_POLL_MS: '20' } })
    const cookie = await cluster.login(1)
    const agent = await agentOn(1, cookie, true)
    const tickets: string[] = []
    for (let i = 0; i < 4; i++) {
      const customer = await nodes.socket(i % 2, '/ws/customer')
      if (!(await customer.next('welcome')).available) await customer.next('availability', (f) => f.available === true, 10_000)
      customer.send({ type: 'start', id: `s${i}`, parts: [{ type: 'text', text: `Order ${i} is late` }] })
      const chatId = (await customer.next('started')).chat.id as string
      agent.send({ type: 'accept', chatId })
      await agent.next('history', (f) => f.chatId === chatId)
      agent.send({ type: 'end', chatId })
      await customer.next('chat', (f) => f.chat.status === 'ended')
      // Made on either node; both poll for due deliveries.
      const res = await post(i % 2, `/api/chats/${chatId}/ticket`, {}, cookie)
      expect(res.status).toBe(201)
      tickets.push(((await res.json()) as { ticket: { id: string } }).ticket.id)
    }
    const end = Date.now() + 30_000
    while (got.size < tickets.length && Date.now() < end) await new Promise((r) => setTimeout(r, 50))
    // Both nodes poll every 20 ms: a delivery either could have taken twice shows within a second.
    await new Promise((r) => setTimeout(r, 1000))
    expect([...got.keys()].sort()).toEqual(tickets.map((id) => `msg_ticket_${id}`).sort())
    expect([...got.values()]).toEqual(tickets.map(() => 1))
  })
})

describe.skipIf(skip)('a logout while Redis is down', () => {
  const nodes = clusterPerTest()

  it('closes the agent’s socket on the other node once Redis is back (the revocation was never published)', async () => {
    const redis = await nodes.privateRedis()
    // Debug: node B logs `session watch armed` once its session watch has checked the store.
    const cluster = await nodes.start(2, { redisUrl: redis.url, env: { PARLEY_LOG_LEVEL: 'debug' } })
    const cookie = await cluster.login(0)
    const onB = await nodes.socket(1, '/ws/agent', { cookie })
    await onB.next('welcome')
    // The welcome does not wait for that first check (it follows the subscription's confirmation):
    // a logout before it is found in the store and closes the socket at once, with no Redis needed.
    // Only a logout after it is the case here, the one only the resync after the outage can catch.
    const armedBy = Date.now() + 10_000
    while (!cluster.node(1).output().includes('"msg":"session watch armed"')) {
      if (Date.now() > armedBy) throw new Error('node B never logged "session watch armed"')
      await new Promise((r) => setTimeout(r, 20))
    }
    await redis.kill()
    const logout = await fetch(cluster.node(0).url + '/api/logout', { method: 'POST', headers: { cookie } })
    expect(logout.status).toBeLessThan(300)
    let closedAt: number | undefined
    void onB.closed.then(() => (closedAt = Date.now()))
    await new Promise((r) => setTimeout(r, 1500))
    // Nothing reached node B: the socket is still open while Redis is away.
    const watchLog = cluster
      .node(1)
      .output()
      .split('\n')
      .filter((l) => l.includes('"msg":"session '))
    expect(closedAt, `node B's session watch: ${watchLog.join('\n')}`).toBeUndefined()
    await redis.start()
    const { code } = await onB.closed
    expect(code).toBe(CLOSE.unauthorized)
  })
})

describe.skipIf(skip)('two relay nodes started at the same moment on an empty database', () => {
  let schema: TestSchema | undefined
  const nodes: ChildRelay[] = []
  afterEach(async () => {
    for (const n of nodes.splice(0)) {
      if (n.proc.exitCode === null && n.proc.signalCode === null) {
        n.proc.kill('SIGKILL')
        await n.exited
      }
    }
    await schema?.drop()
    schema = undefined
  })

  it('creates the first admin once, and says so on one node only', async () => {
    schema = await freshSchema()
    const env = { ...CLUSTER_TEST_ENV, PARLEY_DATABASE_URL: schema.url, PARLEY_REDIS_URL: REDIS_TEST_URL, PARLEY_REDIS_PREFIX: freshPrefix() }
    delete (env as Record<string, string>).PARLEY_ADMIN_PASSWORD
    const ports = [await freePort(), await freePort()]
    nodes.push(...(await Promise.all(ports.map((port, i) => startChildRelay(port, { ...env, PARLEY_NODE_ID: `node${i}` })))))
    const told = nodes.map((n) => /First start: created the admin agent/.test(n.output()))
    expect(told.filter(Boolean)).toHaveLength(1)
    const password = /password: (\S+)\s+\(generated; shown only this once\)/.exec(nodes[told.indexOf(true)]!.output())?.[1]
    expect(password).toBeTruthy()
    // The password printed is the admin's on both nodes: the one stored.
    for (const n of nodes) {
      const res = await fetch(n.url + '/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@example.com', password })
      })
      expect(res.status).toBe(200)
    }
  })
})
