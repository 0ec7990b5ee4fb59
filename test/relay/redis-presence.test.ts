// Cluster presence between two "nodes" (two presences in this process, each with its own Redis
// connections): availability across nodes, a node that dies, and a Redis that restarts empty.
import { afterEach, describe, expect, it } from 'vitest'
import { createClusterPresence, type ClusterPresence } from '../../relay/bus/redis-presence.js'
import { REDIS_TEST_URL, freshPrefix, skipWithoutRedis, startPrivateRedis, type PrivateRedis } from '../helpers/redis.js'

const skip = await skipWithoutRedis('cluster presence')
// Scaled timings (production: refresh 2 s, expiry 6 s, reaper 1 s, settle 6 s).
const timings = { refreshMs: 100, ttlMs: 300, reaperMs: 50, settleMs: 600 }
const until = async (what: () => boolean | Promise<boolean>, ms = 5000) => {
  const end = Date.now() + ms
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe.skipIf(skip)('cluster presence', () => {
  const nodes: ClusterPresence[] = []
  let server: PrivateRedis | undefined
  afterEach(async () => {
    await Promise.all(nodes.splice(0).map((n) => n.close()))
    await server?.kill()
    server = undefined
  })
  const node = (url: string, prefix: string, heard: boolean[] = [], own: Partial<typeof timings> = {}) => {
    const n = createClusterPresence({ url, prefix, timings: { ...timings, ...own }, onAvailability: (a) => heard.push(a) })
    nodes.push(n)
    return n
  }

  it('tells a node within 1 s that an agent on another node switched on, and off', async () => {
    const prefix = freshPrefix()
    const heardOnA: boolean[] = []
    const a = node(REDIS_TEST_URL, prefix, heardOnA)
    const b = node(REDIS_TEST_URL, prefix)
    await new Promise((r) => setTimeout(r, 200)) // A's subscription is up
    const t0 = Date.now()
    await b.set('agent-1', { connected: true, available: true })
    await until(() => heardOnA.at(-1) === true, 1000)
    const onMs = Date.now() - t0
    expect(await a.available()).toBe(true)
    expect([...(await a.connectedAgents())]).toEqual(['agent-1'])
    const t1 = Date.now()
    await b.set('agent-1', { connected: true, available: false })
    await until(() => heardOnA.at(-1) === false, 1000)
    console.log(`availability across nodes: on ${onMs} ms, off ${Date.now() - t1} ms`)
    expect(await a.available()).toBe(false)
    expect([...(await a.connectedAgents())]).toEqual(['agent-1'])
  })

  it('forgets the agents of a node that died once their entries expire', async () => {
    const prefix = freshPrefix()
    const heardOnA: boolean[] = []
    const a = node(REDIS_TEST_URL, prefix, heardOnA)
    const b = node(REDIS_TEST_URL, prefix)
    await b.set('agent-1', { connected: true, available: true })
    await until(() => heardOnA.at(-1) === true)
    const died = Date.now()
    await b.close(false) // no goodbye: as after SIGKILL
    await until(() => heardOnA.at(-1) === false, 2000)
    expect(Date.now() - died).toBeLessThanOrEqual(timings.ttlMs + timings.refreshMs + 3 * timings.reaperMs + 500)
    expect(await a.connectedAgents()).toEqual(new Set())
  })

  it('keeps an agent who stayed connected available across a Redis restart (no false "nobody online")', { timeout: 30_000 }, async () => {
    server = await startPrivateRedis()
    const prefix = freshPrefix()
    const heardOnA: boolean[] = []
    // Settle: B's reconnect backoff plus three of its refreshes.
    const a = node(server.url, prefix, heardOnA, { settleMs: 2000 })
    // B re-announces only every 400 ms: after the restart A's reaper (every 50 ms) sees an empty
    // set for a while, which only the settle window keeps from becoming "nobody online".
    const b = node(server.url, prefix, [], { refreshMs: 400, ttlMs: 1200, reaperMs: 1000, settleMs: 2000 })
    await b.set('agent-1', { connected: true, available: true })
    await until(() => heardOnA.at(-1) === true)
    await server.kill()
    await new Promise((r) => setTimeout(r, 500))
    await server.start()
    await until(async () => (await a.available().catch(() => false)) === true, 15_000)
    await new Promise((r) => setTimeout(r, 2300))
    expect(heardOnA.filter((x) => x === false)).toEqual([])
    expect(await a.available()).toBe(true)
  })
})
