import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'

const text = (t: string) => [{ type: 'text', text: t }]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('one customer and another', () => {
  let relay: TestRelay
  let agent: TestClient
  beforeEach(async () => {
    relay = await startTestRelay()
    const alice = await relay.agent('Alice')
    agent = (await relay.agentSocket(alice.cookie)).client
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
  })
  afterEach(() => relay.close())

  const startChat = async (first: string, hello: object = {}) => {
    const { client } = await relay.customerSocket(hello)
    client.send({ type: 'start', id: 'first', parts: text(first) })
    const started = await client.next('started')
    await client.next('ack')
    return { client, token: started.token as string, chatId: started.chat.id as string }
  }

  it('hands out tokens of at least 128 random bits and chat ids that are not sequential', async () => {
    const chats = []
    for (let i = 0; i < 4; i++) chats.push(await startChat(`hello ${i}`))
    for (const c of chats) {
      expect(c.token).toMatch(/^[\w-]+$/)
      expect(Buffer.from(c.token, 'base64url').length).toBeGreaterThanOrEqual(16)
    }
    expect(new Set(chats.map((c) => c.token)).size).toBe(4)
    // Random ids share no structure: no common prefix that a counter would give.
    const ids = chats.map((c) => c.chatId)
    expect(new Set(ids.map((id) => id.slice(0, 4))).size).toBeGreaterThan(1)
  })

  it('never shows one customer’s chat to another, however close their token is', async () => {
    const a = await startChat('secret order 1234')
    for (const token of [a.token.slice(0, -1), a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A'), a.token.toUpperCase(), '', a.chatId]) {
      const { welcome } = await relay.customerSocket(token ? { token } : {})
      expect(welcome.chat).toBeNull()
      expect(welcome.messages).toEqual([])
    }
  })

  it('keeps a customer without the token out of the chat: no history, no messages, no typing reaches it', async () => {
    const a = await startChat('my address is 1 Main St')
    agent.send({ type: 'accept', chatId: a.chatId })
    await a.client.next('chat', (f) => f.chat.status === 'active')
    const { client: b } = await relay.customerSocket()
    b.send({ type: 'sync', after: 0 })
    expect((await b.next('error')).code).toBe('no_chat')
    b.send({ type: 'send', id: 'b1', parts: text('let me in') })
    expect(await b.next('error')).toMatchObject({ code: 'no_chat', ref: 'b1' })
    b.send({ type: 'typing', on: true, text: 'spoofed preview' })
    agent.send({ type: 'send', chatId: a.chatId, id: 'a1', parts: text('We ship tomorrow') })
    await a.client.next('message', (f) => f.message.id === 'a1')
    await sleep(100)
    // B received nothing of A's chat, and A's agent no typing from B.
    expect(b.pending().filter((f) => f.type === 'message' || f.type === 'history' || f.type === 'chat')).toEqual([])
    expect(agent.pending().filter((f) => f.type === 'typing')).toEqual([])
    const stored = await relay.app.parley.store.messagesAfter(a.chatId, 0, 100)
    expect(stored.map((m) => m.id)).not.toContain('b1')
  })

  it('gives each customer only their own history when they catch up', async () => {
    const a = await startChat('from A')
    const b = await startChat('from B')
    b.client.send({ type: 'sync', after: 0 })
    const history = await b.client.next('history')
    expect(history.messages.map((m: { chatId: string }) => m.chatId)).toEqual([b.chatId])
    a.client.send({ type: 'sync', after: 0 })
    expect((await a.client.next('history')).messages.every((m: { chatId: string }) => m.chatId === a.chatId)).toBe(true)
  })

  it('refuses a weak proposed token and issues a strong one instead', async () => {
    const c = await startChat('hi', { token: 'short-and-guessable' })
    expect(c.token).not.toBe('short-and-guessable')
    expect(c.token.length).toBeGreaterThanOrEqual(32)
  })

  it('answers a resent start (its answer lost) with the same chat when the client proposed its token', async () => {
    const token = 'Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0'.padEnd(32, 'x')
    const first = await startChat('only once', { token })
    expect(first.token).toBe(token)
    // The client never saw "started": it reconnects and sends the same start again.
    const { client, welcome } = await relay.customerSocket({ token })
    expect(welcome.chat.id).toBe(first.chatId)
    client.send({ type: 'start', id: 'first', parts: text('only once') })
    expect(await client.next('ack')).toMatchObject({ id: 'first', seq: 1 })
    expect((await relay.app.parley.store.listChats('waiting')).length).toBe(1)
  })
})
