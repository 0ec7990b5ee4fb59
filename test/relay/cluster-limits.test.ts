// Limits two relay nodes count together through one Redis (a fresh prefix per test), in one
// process: new chats per IP (limits.ts with shared-window.ts), offline-form messages and transcript
// mails per IP per hour (shared-sliding-window.ts) and @fastify/rate-limit's routes
// (security/index.ts); and what each does when Redis is gone (a private redis-server, killed).
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import { makeConfig } from '../../relay/config.js'
import { createLimits, type Limits } from '../../relay/limits/limits.js'
import { openSharedLimits, type SharedLimitsClient } from '../../relay/limits/shared-client.js'
import { createHourlyLimit } from '../../relay/hub/hourly-limit.js'
import { createSharedSlidingWindow } from '../../relay/limits/shared-sliding-window.js'
import { registerSecurity } from '../../relay/security/index.js'
import { dropPrefix } from '../helpers/cluster.js'
import { REDIS_TEST_URL, freshPrefix, skipWithoutRedis, startPrivateRedis, type PrivateRedis } from '../helpers/redis.js'

const skip = await skipWithoutRedis('Cluster limits')

/** Whether `chatStarting` let the chat through (true) or refused it with rate_limited (false). */
const starts = (limits: Limits, ip: string) =>
  limits.chatStarting(ip).then(
    () => true,
    (err: { code?: string }) => {
      if (err.code !== 'PARLEY_ERR_RATE_LIMITED') throw err
      return false
    }
  )

describe.skipIf(skip)('limits shared by the nodes of a cluster', () => {
  const clients: SharedLimitsClient[] = []
  const apps: FastifyInstance[] = []
  const limitsList: Limits[] = []
  const prefixes: string[] = []
  let server: PrivateRedis | undefined
  afterEach(async () => {
    // The hourly limits' keys would outlive the test by an hour on the shared server.
    for (const p of prefixes.splice(0)) await dropPrefix(REDIS_TEST_URL, p)
    await Promise.all(apps.splice(0).map((a) => a.close()))
    for (const l of limitsList.splice(0)) l.stop()
    for (const c of clients.splice(0)) c.close()
    await server?.kill()
    server = undefined
  })
  const shared = async (url: string, prefix: string) => {
    const c = openSharedLimits({ url, prefix, connectWaitMs: 5000 })
    clients.push(c)
    await c.ready
    return c
  }
  const node = async (url: string, prefix: string, max: number, hourly = 5) => {
    const config = makeConfig({ maxNewChatsPerMinutePerIp: max, maxOfflineMessagesPerHourPerIp: hourly, maxTranscriptMailsPerHourPerIp: hourly })
    const l = createLimits(config, Date.now, await shared(url, prefix))
    limitsList.push(l)
    return l
  }
  /** A prefix on the shared server, its keys deleted after the test. */
  const sharedPrefix = () => {
    const p = freshPrefix()
    prefixes.push(p)
    return p
  }

  it('counts new chats per IP across nodes: the limit holds for the cluster, not per node', async () => {
    const prefix = freshPrefix()
    const [a, b] = [await node(REDIS_TEST_URL, prefix, 4), await node(REDIS_TEST_URL, prefix, 4)]
    const seen = [await starts(a, '203.0.113.7'), await starts(b, '203.0.113.7'), await starts(a, '203.0.113.7'), await starts(b, '203.0.113.7')]
    expect(seen).toEqual([true, true, true, true])
    expect([await starts(a, '203.0.113.7'), await starts(b, '203.0.113.7')]).toEqual([false, false])
    // Another address has its own count.
    expect(await starts(b, '198.51.100.1')).toBe(true)
  })

  it('counts concurrent new chats from two nodes exactly', async () => {
    const prefix = freshPrefix()
    const [a, b] = [await node(REDIS_TEST_URL, prefix, 10), await node(REDIS_TEST_URL, prefix, 10)]
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => starts(i % 2 ? a : b, '203.0.113.9')))
    expect(results.filter(Boolean)).toHaveLength(10)
  })

  it('falls back to the node’s own count while Redis is down, and counts in Redis again once it is back', async () => {
    server = await startPrivateRedis()
    const prefix = freshPrefix()
    const a = await node(server.url, prefix, 2)
    expect(await starts(a, '203.0.113.5')).toBe(true)
    await server.kill()
    // The local bucket has its own count (it spent nothing on the chat Redis counted): two, then refused.
    expect([await starts(a, '203.0.113.5'), await starts(a, '203.0.113.5'), await starts(a, '203.0.113.5')]).toEqual([true, true, false])
    await server.start()
    const b = await node(server.url, prefix, 2)
    // The restarted Redis is empty: the cluster count begins again.
    expect([await starts(b, '203.0.113.5'), await starts(b, '203.0.113.5'), await starts(b, '203.0.113.5')]).toEqual([true, true, false])
  })

  it('counts offline-form messages and transcript mails per IP per hour across nodes, each limit apart', async () => {
    const prefix = sharedPrefix()
    const [a, b] = [await node(REDIS_TEST_URL, prefix, 10, 3), await node(REDIS_TEST_URL, prefix, 10, 3)]
    const ip = '203.0.113.30'
    expect([await a.offlineMessages.take(ip), await b.offlineMessages.take(ip), await a.offlineMessages.take(ip)]).toEqual([true, true, true])
    expect([await b.offlineMessages.take(ip), await a.offlineMessages.take(ip)]).toEqual([false, false])
    // Transcript mails and other addresses have counts of their own.
    expect([await b.transcriptMails.take(ip), await b.offlineMessages.take('198.51.100.30')]).toEqual([true, true])
  })

  it('counts concurrent hourly takes from two nodes exactly, refused ones not counted', async () => {
    const prefix = sharedPrefix()
    const [a, b] = [await node(REDIS_TEST_URL, prefix, 10, 7), await node(REDIS_TEST_URL, prefix, 10, 7)]
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).offlineMessages.take('203.0.113.31')))
    expect(results.filter(Boolean)).toHaveLength(7)
  })

  it('slides its window: a hit leaves the count one window after it was made, not at a fixed boundary', async () => {
    const c = await shared(REDIS_TEST_URL, sharedPrefix())
    const limit = createSharedSlidingWindow({ ...c, name: 'w', max: 2, windowMs: 4000, fallback: createHourlyLimit(0) })
    const first = Date.now()
    expect(await limit.take('k')).toBe(true)
    await new Promise((r) => setTimeout(r, 1000))
    expect([await limit.take('k'), await limit.take('k')]).toEqual([true, false])
    // Past the first hit's window (a fixed window would start afresh and allow two), the second is still in it.
    await new Promise((r) => setTimeout(r, first + 4200 - Date.now()))
    expect([await limit.take('k'), await limit.take('k')]).toEqual([true, false])
  })

  it('falls back to the node’s own hourly count while Redis is down', async () => {
    server = await startPrivateRedis()
    const a = await node(server.url, freshPrefix(), 10, 2)
    expect(await a.offlineMessages.take('203.0.113.32')).toBe(true)
    await server.kill()
    expect([await a.offlineMessages.take('203.0.113.32'), await a.offlineMessages.take('203.0.113.32'), await a.offlineMessages.take('203.0.113.32')]).toEqual([
      true,
      true,
      false
    ])
  })

  const app = async (limits: SharedLimitsClient) => {
    const f = Fastify()
    // The CSRF guard reads the relay's configuration (a request without Origin passes it).
    f.decorate('parley', { config: makeConfig() } as never)
    await registerSecurity(f, limits)
    f.post('/api/login', { config: { rateLimit: { max: 3, timeWindow: 60_000 } } }, async () => ({ ok: true }))
    await f.ready()
    apps.push(f)
    return f
  }
  const post = (f: FastifyInstance, ip: string) => f.inject({ method: 'POST', url: '/api/login', remoteAddress: ip, payload: {} }).then((r) => r.statusCode)

  it('counts rate-limited routes (login) per IP across nodes', async () => {
    const prefix = freshPrefix()
    const [a, b] = [await app(await shared(REDIS_TEST_URL, prefix)), await app(await shared(REDIS_TEST_URL, prefix))]
    expect([await post(a, '203.0.113.1'), await post(b, '203.0.113.1'), await post(a, '203.0.113.1')]).toEqual([200, 200, 200])
    const refused = await b.inject({ method: 'POST', url: '/api/login', remoteAddress: '203.0.113.1', payload: {} })
    expect(refused.statusCode).toBe(429)
    expect(refused.json().message).toMatch(/^Too many requests; try again in/)
    expect(await post(a, '203.0.113.1')).toBe(429)
    expect(await post(a, '203.0.113.2')).toBe(200)
  })

  it('lets requests through while Redis is down (the lockout in the database still guards accounts)', async () => {
    server = await startPrivateRedis()
    const a = await app(await shared(server.url, freshPrefix()))
    for (let i = 0; i < 3; i++) expect(await post(a, '203.0.113.3')).toBe(200)
    expect(await post(a, '203.0.113.3')).toBe(429)
    await server.kill()
    server = undefined
    expect(await post(a, '203.0.113.3')).toBe(200)
  })
})
