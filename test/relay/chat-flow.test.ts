import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { customerSendsToAgent, onlineAgent, text } from '../helpers/flows.js'
import type { PanelWatch } from '../helpers/panel-watch.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'

describe('a chat from start to end', () => {
  let relay: TestRelay
  let agent: TestClient
  let panel: PanelWatch
  beforeEach(async () => {
    relay = await startTestRelay()
    const alice = await onlineAgent(relay, 'Alice Example')
    agent = alice.client
    panel = alice.panel
  })
  afterEach(() => relay.close())

  it('queues the customer, lets the agent answer and carries messages both ways in order', async () => {
    const { client: customer } = await relay.customerSocket({ visitor: { url: 'http://shop.test/', lang: 'en' } })
    customer.send({ type: 'start', id: 'c1', parts: text('Hello') })
    const started = await customer.next('started')
    expect(started.token.length).toBeGreaterThanOrEqual(22)
    expect(started.chat).toMatchObject({ status: 'waiting', position: 1 })
    expect(await customer.next('ack')).toMatchObject({ id: 'c1', seq: 1 })

    const waiting = (await panel.until((p) => p.waiting.length === 1)).waiting[0]!
    expect(waiting.firstText).toBe('Hello')
    expect(waiting.visitor.url).toBe('http://shop.test/')

    agent.send({ type: 'accept', chatId: waiting.id })
    const history = await agent.next('history')
    expect(history.messages.map((m: any) => m.seq)).toEqual([1, 2])
    expect(history.messages[1]).toMatchObject({ from: 'system', event: 'joined', name: 'Alice Example' })
    const joined = await customer.next('chat', (f) => f.chat.status === 'active')
    expect(joined.chat.agentName).toBe('Alice Example')
    await panel.until((p) => p.waiting.length === 0 && p.chatting.length === 1)

    agent.send({ type: 'typing', chatId: waiting.id, on: true })
    expect(await customer.next('typing')).toMatchObject({ on: true, name: 'Alice Example' })
    customer.send({ type: 'typing', on: true, text: 'I need hel' })
    expect(await agent.next('typing')).toMatchObject({ chatId: waiting.id, on: true, text: 'I need hel' })

    agent.send({ type: 'send', chatId: waiting.id, id: 'a1', parts: text('Hi! How can I help?') })
    expect(await agent.next('ack')).toMatchObject({ id: 'a1', seq: 3 })
    const got = await customer.next('message', (f) => f.message.id === 'a1')
    expect(got.message).toMatchObject({ from: 'agent', name: 'Alice Example', seq: 3 })

    expect(await customerSendsToAgent(customer, agent, ['one', 'two', 'three'])).toEqual([
      [4, 'one'],
      [5, 'two'],
      [6, 'three']
    ])

    customer.send({ type: 'end' })
    expect((await agent.next('chat', (f) => f.chat.status === 'ended')).chat.id).toBe(waiting.id)
    expect((await customer.next('chat', (f) => f.chat.status === 'ended')).chat.id).toBe(waiting.id)
    await panel.until((p) => p.chatting.length === 0)
    const ended = await customer.next('message', (f) => f.message.event === 'ended')
    expect(ended.message.name).toBe('customer')
  })

  it('lets the customer start a new chat after one ended', async () => {
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'start', id: 'c1', parts: text('first') })
    const { token, chat } = await customer.next('started')
    agent.send({ type: 'accept', chatId: chat.id })
    await customer.next('chat', (f) => f.chat.status === 'active')
    agent.send({ type: 'end', chatId: chat.id })
    await customer.next('chat', (f) => f.chat.status === 'ended')
    customer.send({ type: 'send', id: 'c2', parts: text('still there?') })
    expect(await customer.next('error')).toMatchObject({ code: 'ended', ref: 'c2' })
    customer.send({ type: 'start', id: 'c3', parts: text('second') })
    const again = await customer.next('started')
    expect(again.chat.id).not.toBe(chat.id)
    expect(again.token).toBe(token)
  })

  it('refuses messages from a customer who has no chat', async () => {
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'send', id: 'x1', parts: text('hi') })
    expect(await customer.next('error')).toMatchObject({ code: 'no_chat', ref: 'x1' })
  })

  it('stores a resent message once and acknowledges it with the original seq', async () => {
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'start', id: 'c1', parts: text('Hello') })
    const { chat } = await customer.next('started')
    await customer.next('ack')
    customer.send({ type: 'send', id: 'c2', parts: text('again') })
    const first = await customer.next('ack')
    customer.send({ type: 'send', id: 'c2', parts: text('again') })
    const second = await customer.next('ack')
    expect(second.seq).toBe(first.seq)
    const stored = await relay.app.parley.store.messagesAfter(chat.id, 0, 100)
    expect(stored.filter((m) => m.id === 'c2')).toHaveLength(1)
  })

  it('resumes the chat with its history when the customer comes back with the token', async () => {
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'start', id: 'c1', parts: text('Hello') })
    const { token, chat } = await customer.next('started')
    agent.send({ type: 'accept', chatId: chat.id })
    agent.send({ type: 'send', chatId: chat.id, id: 'a1', parts: text('Hi there') })
    await customer.next('message', (f) => f.message.id === 'a1')
    customer.close()

    const back = await relay.customerSocket({ token, after: 0 })
    expect(back.welcome.chat).toMatchObject({ id: chat.id, status: 'active', agentName: 'Alice Example' })
    expect(back.welcome.messages.map((m: any) => m.id)).toEqual(['c1', expect.stringMatching(/^sys-/), 'a1'])
    const partial = await relay.customerSocket({ token, after: 2 })
    expect(partial.welcome.messages.map((m: any) => m.id)).toEqual(['a1'])
  })

  it('gives an unknown token no chat', async () => {
    const { welcome } = await relay.customerSocket({ token: 'not-a-real-token-at-all' })
    expect(welcome.chat).toBeNull()
    expect(welcome.messages).toEqual([])
  })

  it('lets only the assigned agent write into a chat', async () => {
    const bob = await relay.agent('Bob')
    const { client: other } = await relay.agentSocket(bob.cookie)
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'start', id: 'c1', parts: text('Hello') })
    const { chat } = await customer.next('started')
    agent.send({ type: 'accept', chatId: chat.id })
    await agent.next('history')
    other.send({ type: 'send', chatId: chat.id, id: 'b1', parts: text('I am not yours') })
    expect(await other.next('error')).toMatchObject({ code: 'forbidden', ref: 'b1' })
    other.send({ type: 'accept', chatId: chat.id })
    expect(await other.next('error')).toMatchObject({ code: 'taken' })
  })
})

describe('liveness and following', () => {
  let relay: TestRelay
  beforeEach(async () => {
    relay = await startTestRelay()
  })
  afterEach(() => relay.close())

  it('answers a client ping with pong on both sockets', async () => {
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'ping' })
    expect(await customer.next('pong')).toEqual({ type: 'pong' })
    const alice = await relay.agent('Alice')
    const { client: agent } = await relay.agentSocket(alice.cookie)
    agent.send({ type: 'ping' })
    expect(await agent.next('pong')).toEqual({ type: 'pong' })
  })

  it('names the message in the error about a refused send', async () => {
    const alice = await relay.agent('Alice')
    const { client: agent } = await relay.agentSocket(alice.cookie)
    agent.send({ type: 'send', chatId: 'nosuchchat', id: 'msg-7', parts: text('hi') })
    expect(await agent.next('error')).toMatchObject({ code: 'not_found', ref: 'msg-7' })
  })

  it('stops sending a read-only chat to an agent who left it', async () => {
    const [alice, bob] = [await relay.agent('Alice'), await relay.agent('Bob')]
    const { client: a } = await relay.agentSocket(alice.cookie)
    const { client: b } = await relay.agentSocket(bob.cookie)
    a.send({ type: 'status', on: true })
    await a.next('me', (f) => f.me.on)
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'start', id: 'c1', parts: text('Hello') })
    const { chat } = await customer.next('started')
    a.send({ type: 'accept', chatId: chat.id })
    await customer.next('chat', (f) => f.chat.status === 'active')
    b.send({ type: 'sync', chatId: chat.id, after: 0 })
    await b.next('history')
    customer.send({ type: 'send', id: 'c2', parts: text('first') })
    await b.next('message', (f) => f.message.id === 'c2')
    b.send({ type: 'leave', chatId: chat.id })
    b.send({ type: 'ping' })
    await b.next('pong')
    customer.send({ type: 'send', id: 'c3', parts: text('second') })
    await a.next('message', (f) => f.message.id === 'c3')
    b.send({ type: 'ping' })
    await b.next('pong')
    expect(b.pending().filter((f) => f.type === 'message' && f.message.id === 'c3')).toEqual([])
  })
})
