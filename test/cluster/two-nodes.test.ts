// Two relay processes in cluster mode on one PostgreSQL schema and one Redis prefix behave as one
// product: availability set on one node reaches customers on the other, no chat starts while nobody
// is available anywhere, and a conversation across the two nodes arrives complete, once, in order.
import { describe, expect, it } from 'vitest'
import { skipWithoutCluster } from '../helpers/cluster.js'
import { clusterPerTest } from '../helpers/cluster-per-test.js'
import type { TestClient } from '../helpers/ws-client.js'

const skip = await skipWithoutCluster('two relay nodes')

describe.skipIf(skip)('two relay nodes on one PostgreSQL and one Redis', () => {
  const nodes = clusterPerTest()
  const agentOn = async (i: number): Promise<{ client: TestClient; welcome: Record<string, any> }> => {
    const client = await nodes.socket(i, '/ws/agent', { cookie: await nodes.cluster.login(i) })
    return { client, welcome: await client.next('welcome') }
  }

  it('tells a customer on node A within 1 s that an agent on node B switched on, and off; no chat starts meanwhile', { timeout: 60_000 }, async () => {
    await nodes.start(2)
    const customer = await nodes.socket(0, '/ws/customer')
    expect((await customer.next('welcome')).available).toBe(false)
    const { client: agent, welcome } = await agentOn(1)
    expect(welcome.me.on).toBe(false)

    // Connected on B but switched off: still nobody available anywhere, so A refuses a chat.
    customer.send({ type: 'start', id: 'm-refused', parts: [{ type: 'text', text: 'hello?' }] })
    expect((await customer.next('error')).code).toBe('unavailable')

    const t0 = performance.now()
    agent.send({ type: 'status', on: true })
    await customer.next('availability', (f) => f.available === true, 1000)
    const onMs = performance.now() - t0
    customer.send({ type: 'start', id: 'm-1', parts: [{ type: 'text', text: 'hello' }] })
    expect((await customer.next('started')).chat.status).toBe('waiting')

    const t1 = performance.now()
    agent.send({ type: 'status', on: false })
    await customer.next('availability', (f) => f.available === false, 1000)
    const offMs = performance.now() - t1
    console.log(`availability from node B to a customer on node A: on ${onMs.toFixed(0)} ms, off ${offMs.toFixed(0)} ms`)
    expect(onMs).toBeLessThan(1000)
    expect(offMs).toBeLessThan(1000)
    // The chat started on A is in B's panel (a delta from B's own feed).
    const panel = await agent.next('panelDelta', (f) => (f.chats ?? []).some((c: { status: string }) => c.status === 'waiting'), 5000)
    expect(panel.chats.map((c: { firstText: string }) => c.firstText)).toContain('hello')
  })

  it('carries a conversation between a customer on node A and an agent on node B both ways, in order, exactly once', { timeout: 90_000 }, async () => {
    await nodes.start(2)
    const { agent, customer } = await nodes.agentAndCustomer(1, [0])
    customer.say('first')
    await agent.until(() => agent.chats.size === 1, 15_000, 'the chat answered on node B')
    await customer.until(() => customer.chatStatus === 'active', 15_000, 'the answer seen on node A')
    const chatId = customer.chatId!
    const N = 100
    for (let i = 0; i < N; i++) {
      customer.say(`c${i}`)
      agent.say(chatId, `a${i}`)
      if (i % 10 === 0) await new Promise((r) => setTimeout(r, 20))
    }
    await Promise.all([customer.settled(30_000), agent.settled(30_000)])
    const every = [...customer.sent, ...agent.sent].map((s) => s.id)
    const t = agent.chats.get(chatId)!
    await customer.until(() => every.every((id) => customer.transcript.ids().includes(id)), 30_000, "every message on the customer's side")
    await agent.until(() => every.every((id) => t.ids().includes(id)), 30_000, "every message on the agent's side")
    await customer.until(() => customer.transcript.contiguous === t.contiguous && !customer.transcript.hasGap(), 10_000, 'the same transcript')

    // The same transcript on both nodes, gapless, each message once, each side's own in the order written.
    expect(customer.transcript.violations).toEqual([])
    expect(t.violations).toEqual([])
    expect(customer.transcript.ids()).toEqual(t.ids())
    expect(t.hasGap()).toBe(false)
    const ids = t.ids()
    expect(new Set(ids).size).toBe(ids.length)
    const order = (prefix: string) =>
      ids.map((id) => [...customer.sent, ...agent.sent].find((s) => s.id === id)?.text ?? '').filter((x) => new RegExp(`^${prefix}\\d+$`).test(x))
    expect(order('c')).toEqual(Array.from({ length: N }, (_, i) => `c${i}`))
    expect(order('a')).toEqual(Array.from({ length: N }, (_, i) => `a${i}`))
  })
})
