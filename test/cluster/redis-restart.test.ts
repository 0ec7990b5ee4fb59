// Redis carries what crosses nodes but holds nothing that matters: PostgreSQL is the log. Two
// nodes on a private redis-server that the test SIGKILLs and restarts empty mid-chat (Chatwoot's
// known failure: realtime silently stopped until a restart), and whose subscriber connection it
// kills: nothing is lost, the nodes say so on /healthz meanwhile, and realtime resumes by itself.
import { Redis } from 'ioredis'
import { describe, expect, it } from 'vitest'
import { skipWithoutCluster } from '../helpers/cluster.js'
import { clusterPerTest } from '../helpers/cluster-per-test.js'

const skip = await skipWithoutCluster('relay nodes across a Redis restart')

const health = async (url: string) => {
  const res = await fetch(url + '/healthz')
  return { code: res.status, ...((await res.json()) as { status: string; bus: string }) }
}
const until = async (what: () => Promise<boolean> | boolean, timeoutMs: number, label: string) => {
  const end = Date.now() + timeoutMs
  while (!(await what())) {
    if (Date.now() > end) throw new Error(`${label}: not within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

describe.skipIf(skip)('relay nodes when Redis goes away', () => {
  const nodes = clusterPerTest()

  it('loses nothing across a Redis restart and a killed subscription, reports it on /healthz, and resumes realtime by itself', {
    timeout: 180_000
  }, async () => {
    const redis = await nodes.privateRedis()
    const cluster = await nodes.start(2, { redisUrl: redis.url })
    const [a, b] = [cluster.node(0), cluster.node(1)]
    const { agent, customer } = await nodes.agentAndCustomer(1, [0])
    customer.say('hello')
    await customer.until(() => customer.chatStatus === 'active', 15_000, 'answered on node B')
    const chatId = customer.chatId!
    const t = () => agent.chats.get(chatId)!
    let n = 0
    /** Both sides write `k` messages; resolves once both have every message written so far. */
    const exchange = async (k: number, label: string) => {
      for (let i = 0; i < k; i++, n++) {
        customer.say(`c${n}`)
        agent.say(chatId, `a${n}`)
      }
      await Promise.all([customer.settled(30_000), agent.settled(30_000)])
      const every = [...customer.sent, ...agent.sent].map((s) => s.id)
      await customer.until(() => every.every((id) => customer.transcript.ids().includes(id)), 30_000, `${label}: every message at the customer`)
      await agent.until(() => every.every((id) => t().ids().includes(id)), 30_000, `${label}: every message at the agent`)
    }
    await exchange(10, 'before')

    // Redis dies: both nodes keep serving their own sockets, say so, and deliver across by polling the store.
    await redis.kill()
    await until(async () => (await health(a.url)).bus === 'down', 15_000, 'node A reports the bus down')
    expect(await health(a.url)).toEqual({ code: 503, status: 'degraded', bus: 'down', store: 'ok' })
    await exchange(10, 'while Redis is down')
    // Both reconnect meanwhile (regression: a socket following a chat got no welcome until Redis
    // was back, waiting for a subscription Redis could not confirm): welcomed, and they chat on.
    const [agentConnects, customerConnects] = [agent.connects, customer.connects]
    agent.drop()
    customer.drop()
    await agent.until(() => agent.ready && agent.connects > agentConnects, 15_000, 'the agent welcomed again while Redis is down')
    await customer.until(() => customer.ready && customer.connects > customerConnects, 15_000, 'the customer welcomed again while Redis is down')
    await exchange(10, 'after reconnecting while Redis is down')

    // Redis comes back empty: the nodes reconnect, resubscribe and resync without help.
    await redis.start()
    await until(async () => (await health(a.url)).code === 200 && (await health(b.url)).code === 200, 30_000, 'both nodes healthy again')
    await exchange(10, 'after the restart')
    const sentAt = performance.now()
    customer.say('realtime again?')
    const last = customer.sent.at(-1)!.id
    await agent.until(() => t().ids().includes(last), 30_000, 'a message after the restart')
    console.log(`after the Redis restart a message crossed nodes in ${(performance.now() - sentAt).toFixed(0)} ms`)

    // Node B's subscriber connection is killed under it: detected, resubscribed, repaired.
    const admin = new Redis(redis.url)
    const clients = (await admin.client('LIST')) as string
    const id = clients
      .split('\n')
      .find((l) => / name=parley-node1-sub /.test(l))
      ?.match(/\bid=(\d+)/)?.[1]
    expect(id).toBeDefined()
    await admin.client('KILL', 'ID', id!)
    admin.disconnect()
    await exchange(10, 'after the subscription was killed')

    expect(customer.transcript.violations).toEqual([])
    expect(t().violations).toEqual([])
    await customer.until(() => customer.transcript.contiguous === t().contiguous, 15_000, 'one transcript')
    expect(customer.transcript.ids()).toEqual(t().ids())
    expect(new Set(t().ids()).size).toBe(t().ids().length)
    // The agent never left: customers were never told nobody is online.
    expect(customer.available).toBe(true)
  })
})
