// The Redis bus between two "nodes" (two buses in this process, each with its own connections):
// against the shared Redis with a fresh prefix, and against a private redis-server that the test
// kills and restarts.
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import type { HubEvent } from '../../relay/hub/events.js'
import { createRedisBus, type RedisBus } from '../../relay/bus/redis-bus.js'
import { REDIS_TEST_URL, freshPrefix, skipWithoutRedis, startPrivateRedis, type PrivateRedis } from '../helpers/redis.js'

const skip = await skipWithoutRedis('Redis bus')
const typing = (n: number): HubEvent => ({ kind: 'typing', chatId: 'c1', from: 'customer', on: true, text: String(n) })
const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe.skipIf(skip)('Redis bus', () => {
  const buses: RedisBus[] = []
  let server: PrivateRedis | undefined
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((b) => b.close()))
    await server?.kill()
    server = undefined
  })
  const bus = (url: string, prefix: string) => {
    const b = createRedisBus({ url, prefix })
    buses.push(b)
    return b
  }
  // Publishes fail fast until a bus is connected (the store repairs what a publish missed): the
  // tests start once both are up.
  const connected = (...bs: RedisBus[]) => until(() => bs.every((b) => b.health().remote === 'ok'))

  it('carries events to the other node once and in order, and to local subscribers once', async () => {
    const prefix = freshPrefix()
    const [a, b] = [bus(REDIS_TEST_URL, prefix), bus(REDIS_TEST_URL, prefix)]
    const onA: string[] = []
    const onB: string[] = []
    const subA = a.subscribe('chat:c1', (e) => onA.push((e as { text: string }).text))
    const subB = b.subscribe('chat:c1', (e) => onB.push((e as { text: string }).text))
    await Promise.all([subA.ready, subB.ready, connected(a, b)])
    for (let i = 0; i < 500; i++) void a.publish('chat:c1', typing(i))
    await until(() => onB.length >= 500)
    await new Promise((r) => setTimeout(r, 100))
    const want = Array.from({ length: 500 }, (_, i) => String(i))
    expect(onB).toEqual(want)
    expect(onA).toEqual(want)
    expect([a.health().remote, b.health().remote]).toEqual(['ok', 'ok'])
  })

  it('stops delivering after the last local subscriber leaves, and keeps other topics apart', async () => {
    const prefix = freshPrefix()
    const [a, b] = [bus(REDIS_TEST_URL, prefix), bus(REDIS_TEST_URL, prefix)]
    const got: string[] = []
    const one = b.subscribe('chat:c1', () => got.push('c1'))
    const other = b.subscribe('chat:c2', () => got.push('c2'))
    await Promise.all([one.ready, other.ready, connected(a, b)])
    await a.publish('chat:c1', typing(1))
    await until(() => got.length === 1)
    one()
    await a.publish('chat:c1', typing(2))
    await a.publish('chat:c2', typing(3))
    await until(() => got.length === 2)
    await new Promise((r) => setTimeout(r, 100))
    expect(got).toEqual(['c1', 'c2'])
  })

  it('survives a Redis restart: publishes never reject, health goes down and back, subscriptions return, resync fires', { timeout: 30_000 }, async () => {
    server = await startPrivateRedis()
    const prefix = freshPrefix()
    const [a, b] = [bus(server.url, prefix), bus(server.url, prefix)]
    const onB: string[] = []
    const onALocal: string[] = []
    await b.subscribe('chat:c1', (e) => onB.push((e as { text: string }).text)).ready
    await a.subscribe('chat:c1', (e) => onALocal.push((e as { text: string }).text)).ready
    await connected(a, b)
    let resyncs = 0
    b.onResync(() => resyncs++)
    await a.publish('chat:c1', typing(1))
    await until(() => onB.length === 1)

    await server.kill()
    await until(() => a.health().remote === 'down' && b.health().remote === 'down')
    // Local delivery goes on while Redis is away.
    await expect(a.publish('chat:c1', typing(2))).resolves.toBeUndefined()
    expect(onALocal).toEqual(['1', '2'])
    // A subscription made meanwhile is ready at once (nothing crosses nodes now), and hears the
    // other node once Redis is back.
    const onBLater: string[] = []
    let later = false
    void b.subscribe('chat:c2', (e) => onBLater.push((e as { text: string }).text)).ready!.then(() => (later = true))
    await until(() => later)

    await server.start()
    await until(() => resyncs === 1 && b.health().remote === 'ok', 15_000)
    await until(() => a.health().remote === 'ok', 15_000)
    await a.publish('chat:c1', typing(3))
    await until(() => onB.includes('3'))
    expect(onB).toEqual(['1', '3'])
    await a.publish('chat:c2', typing(4))
    await until(() => onBLater.includes('4'))
  })

  it('notices a killed subscriber connection and resubscribes', { timeout: 20_000 }, async () => {
    const prefix = freshPrefix()
    const [a, b] = [bus(REDIS_TEST_URL, prefix), bus(REDIS_TEST_URL, prefix)]
    const onB: string[] = []
    await b.subscribe('chat:c1', (e) => onB.push((e as { text: string }).text)).ready
    await connected(a, b)
    let resyncs = 0
    b.onResync(() => resyncs++)
    const admin = new Redis(REDIS_TEST_URL)
    try {
      const list = (await admin.client('LIST')) as string
      const line = list.split('\n').find((l) => l.includes(`name=parley-${b.nodeId}-sub`))!
      await admin.client('KILL', 'ID', line.match(/id=(\d+)/)![1]!)
    } finally {
      admin.disconnect()
    }
    await until(() => resyncs === 1, 10_000)
    await a.publish('chat:c1', typing(7))
    await until(() => onB.includes('7'))
  })
})
