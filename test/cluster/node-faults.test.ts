// Three relay nodes in cluster mode: click-to-answer and max chats hold across nodes, and a node
// SIGKILLed mid-chat costs nobody their chat — its agent's chats return to the queue once (by the
// leader) after the grace period, and a customer whose node died goes on through another node.
import { describe, expect, it } from 'vitest'
import { randomId } from '../../protocol/index.js'
import { skipWithoutCluster } from '../helpers/cluster.js'
import { clusterPerTest } from '../helpers/cluster-per-test.js'
import { watchPanel, type PanelWatch } from '../helpers/panel-watch.js'
import type { Frame, TestClient } from '../helpers/ws-client.js'

const skip = await skipWithoutCluster('relay nodes under faults')

describe.skipIf(skip)('relay nodes under faults', () => {
  const nodes = clusterPerTest({ logOnFailure: true })

  /** An agent socket on node i, switched on, with its panel followed. */
  const agentOn = async (i: number, cookie: string): Promise<{ client: TestClient; panel: PanelWatch; me: string }> => {
    const client = await nodes.socket(i, '/ws/agent', { cookie })
    const welcome = await client.next('welcome')
    const panel = watchPanel(client, welcome)
    if (!welcome.me.on) {
      client.send({ type: 'status', on: true })
      await client.next('me', (f) => f.me.on === true)
    }
    return { client, panel, me: welcome.me.id }
  }
  /** A customer on node i who starts a chat once someone is available. */
  const chatOn = async (i: number, text: string): Promise<{ client: TestClient; chatId: string }> => {
    const client = await nodes.socket(i, '/ws/customer')
    // As the widget does: the chat starts once the launcher says someone is available.
    if (!(await client.next('welcome')).available) await client.next('availability', (f) => f.available === true, 15_000)
    client.send({ type: 'start', id: randomId(), parts: [{ type: 'text', text }] })
    const answer = await Promise.race([client.next('started', undefined, 15_000), client.next('error', undefined, 15_000)])
    if (answer.type === 'error') throw new Error(`start on node ${i}: ${JSON.stringify(answer)}`)
    return { client, chatId: answer.chat.id }
  }
  const addAgent = async (email: string, password: string) => {
    const res = await fetch(nodes.cluster.node(0).url + '/api/agents', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: await nodes.cluster.login(0) },
      body: JSON.stringify({ name: email.split('@')[0], email, password, role: 'agent' })
    })
    expect(res.status).toBe(201)
  }
  const history = async (client: TestClient) => {
    client.send({ type: 'sync', after: 0 })
    return (await client.next('history', undefined, 15_000)).messages as { event?: string; id: string; seq: number }[]
  }

  it('lets exactly one of two agents on two nodes answer a chat started on a third, and every panel agrees', { timeout: 120_000 }, async () => {
    const cluster = await nodes.start(3)
    await addAgent('bea@example.com', 'bea password 1')
    const ada = await agentOn(1, await cluster.login(1))
    const bea = await agentOn(2, await cluster.login(2, 'bea@example.com', 'bea password 1'))
    for (let round = 0; round < 5; round++) {
      const { client: customer, chatId } = await chatOn(0, `race ${round}`)
      await Promise.all(
        [ada, bea].map((a, k) =>
          a.panel
            .until((p) => p.waiting.some((c) => c.id === chatId), 15_000)
            .catch((err: Error) => {
              throw new Error(`round ${round}, panel of node ${k + 1} (${a.panel.gaps()} versions missed): ${err.message}`)
            })
        )
      )
      ada.client.send({ type: 'accept', chatId })
      bea.client.send({ type: 'accept', chatId })
      const outcome = (a: typeof ada) =>
        Promise.race([
          a.client.next('history', (f) => f.chatId === chatId, 15_000).then(() => 'won'),
          a.client.next('error', (f) => f.ref === chatId, 15_000).then((f: Frame) => f.code as string)
        ])
      const [onB, onC] = await Promise.all([outcome(ada), outcome(bea)])
      expect([onB, onC].sort()).toEqual(['taken', 'won'])
      const winner = onB === 'won' ? ada.me : bea.me
      // Both nodes' panels show the chat with the winner, and no longer waiting.
      for (const a of [ada, bea])
        await a.panel
          .until((p) => p.chatting.some((c) => c.id === chatId && c.agentId === winner) && !p.waiting.some((c) => c.id === chatId), 15_000)
          .catch((err: Error) => {
            throw new Error(`round ${round}, panel of ${a === ada ? 'node 1' : 'node 2'} (${a.panel.gaps()} versions missed): ${err.message}`)
          })
      await customer.next('chat', (f) => f.chat.status === 'active', 15_000)
      expect((await history(customer)).filter((m) => m.event === 'joined')).toHaveLength(1)
    }
  })

  it('holds an agent to their maximum of chats when they answer from consoles on two nodes at once', { timeout: 120_000 }, async () => {
    const cluster = await nodes.start(3)
    const cookie = await cluster.login(1)
    const res = await fetch(cluster.node(1).url + '/api/me/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ greetings: [], maxChats: 2, displayName: 'Ada', sound: false, notifications: false })
    })
    expect(res.status).toBe(200)
    const [onB, onC] = [await agentOn(1, cookie), await agentOn(2, await cluster.login(2))]
    const chats: string[] = []
    for (let i = 0; i < 6; i++) chats.push((await chatOn(0, `max ${i}`)).chatId)
    await Promise.all([onB, onC].map((a) => a.panel.until((p) => chats.every((id) => p.waiting.some((c) => c.id === id)), 15_000)))
    for (const [i, chatId] of chats.entries()) (i % 2 ? onC : onB).client.send({ type: 'accept', chatId })
    const answers = await Promise.all(
      chats.map((chatId, i) => {
        const a = i % 2 ? onC : onB
        return Promise.race([
          a.client.next('history', (f) => f.chatId === chatId, 15_000).then(() => 'ok'),
          a.client.next('error', (f) => f.ref === chatId, 15_000).then((f: Frame) => f.code as string)
        ])
      })
    )
    expect(answers.filter((a) => a === 'ok')).toHaveLength(2)
    expect(answers.filter((a) => a !== 'ok').every((a) => a === 'max_chats')).toBe(true)
    for (const a of [onB, onC]) await a.panel.until((p) => p.chatting.length === 2 && p.waiting.length === 4, 15_000)
  })

  it('returns the chats of an agent whose node was SIGKILLed to the queue after the grace period, once, by one node', { timeout: 120_000 }, async () => {
    // Production presence timings: the node's agents must stop counting within 10 s.
    const cluster = await nodes.start(3, { env: { PARLEY_PRESENCE_REFRESH_MS: '2000', PARLEY_PRESENCE_TTL_MS: '6000', PARLEY_CHAT_GRACE_MS: '3000' } })
    const agent = await agentOn(1, await cluster.login(1))
    const { client: customer, chatId } = await chatOn(0, 'who is there')
    await agent.panel.until((p) => p.waiting.some((c) => c.id === chatId), 15_000)
    agent.client.send({ type: 'accept', chatId })
    await customer.next('chat', (f) => f.chat.status === 'active', 15_000)
    const watcher = await nodes.socket(2, '/ws/customer')
    expect((await watcher.next('welcome')).available).toBe(true)

    const killed = performance.now()
    await cluster.kill(1)
    await watcher.next('availability', (f) => f.available === false, 15_000)
    const goneMs = performance.now() - killed
    const notice = await customer.next('message', (f) => f.message.event === 'requeued', 20_000)
    const requeuedMs = performance.now() - killed
    console.log(`agent's node SIGKILLed: offline everywhere after ${goneMs.toFixed(0)} ms, chat requeued after ${requeuedMs.toFixed(0)} ms`)
    expect(goneMs).toBeLessThan(10_000)
    expect(notice.message.from).toBe('system')
    await customer.next('chat', (f) => f.chat.status === 'waiting', 15_000)
    // Two surviving nodes, one requeue: the transcript has the notice once, and keeps it once.
    await new Promise((r) => setTimeout(r, 3000))
    expect((await history(customer)).filter((m) => m.event === 'requeued')).toHaveLength(1)
  })

  it("keeps a customer's conversation whole when their node is SIGKILLed: they go on through another node", { timeout: 120_000 }, async () => {
    const cluster = await nodes.start(3)
    const { agent, customer } = await nodes.agentAndCustomer(1, [0, 2])
    customer.say('before')
    await customer.until(() => customer.chatStatus === 'active', 15_000, 'answered')
    const chatId = customer.chatId!
    for (let i = 0; i < 20; i++) {
      customer.say(`c${i}`)
      agent.say(chatId, `a${i}`)
    }
    // Mid-conversation: the customer's node dies with messages in flight.
    await cluster.kill(0)
    for (let i = 20; i < 40; i++) {
      customer.say(`c${i}`)
      agent.say(chatId, `a${i}`)
    }
    await Promise.all([customer.settled(30_000), agent.settled(30_000)])
    expect(customer.connects).toBeGreaterThan(1)
    const every = [...customer.sent, ...agent.sent].map((s) => s.id)
    const t = agent.chats.get(chatId)!
    await customer.until(() => every.every((id) => customer.transcript.ids().includes(id)), 30_000, 'every message at the customer')
    await agent.until(() => every.every((id) => t.ids().includes(id)), 30_000, 'every message at the agent')
    await customer.until(() => customer.transcript.contiguous === t.contiguous, 15_000, 'one transcript')
    expect(customer.transcript.violations).toEqual([])
    expect(t.violations).toEqual([])
    expect(customer.transcript.ids()).toEqual(t.ids())
    expect(new Set(t.ids()).size).toBe(t.ids().length)
  })
})
