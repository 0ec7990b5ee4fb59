import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ALWAYS_OPEN, HIGHLIGHT, PRE_CHAT_OFF } from '../../protocol/index.js'
import { freePort } from '../helpers/child-relay.js'
import { api, onlineAgent, text, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'

const HOOK_SECRET = 'whsec_' + Buffer.alloc(32, 7).toString('base64')

describe('the agent panel', () => {
  let relay: TestRelay
  beforeEach(async () => {
    relay = await startTestRelay({ chatGraceMs: 400, agentGraceMs: 100 })
  })
  afterEach(() => relay.close())

  it('sends one of the agent’s auto-greetings when they answer', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const call = api(relay, alice.cookie)
    const saved = await call('PUT', '/api/me/settings', {
      greetings: ['Hi, I am Alice!'],
      maxChats: 3,
      displayName: 'Alice from Support',
      sound: false,
      notifications: true
    })
    expect(saved.status).toBe(200)
    expect(saved.body.me).toMatchObject({ displayName: 'Alice from Support', maxChats: 3, greetings: ['Hi, I am Alice!'], sound: false })
    const { client: customer, chatId } = await waitingCustomer(relay)
    alice.client.send({ type: 'accept', chatId })
    const greeting = await customer.next('message', (f) => f.message.from === 'agent')
    expect(greeting.message).toMatchObject({ name: 'Alice from Support', parts: text('Hi, I am Alice!') })
    expect((await customer.next('chat', (f) => f.chat.status === 'active')).chat.agentName).toBe('Alice from Support')
  })

  it('refuses settings outside their limits', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const call = api(relay, alice.cookie)
    for (const maxChats of [0, 21]) {
      const res = await call('PUT', '/api/me/settings', { greetings: [], maxChats, displayName: 'A', sound: true, notifications: true })
      expect(res.status).toBe(400)
    }
  })

  it('enforces the maximum simultaneous chats set in the settings', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    await api(relay, alice.cookie)('PUT', '/api/me/settings', { greetings: [], maxChats: 1, displayName: 'Alice', sound: true, notifications: true })
    const one = await waitingCustomer(relay, 'one')
    const two = await waitingCustomer(relay, 'two')
    alice.client.send({ type: 'accept', chatId: one.chatId })
    await alice.client.next('history')
    alice.client.send({ type: 'accept', chatId: two.chatId })
    expect(await alice.client.next('error')).toMatchObject({ code: 'max_chats', ref: two.chatId })
  })

  it('lets exactly one of two agents win an answer race', async () => {
    const [alice, bob] = [await onlineAgent(relay, 'Alice'), await onlineAgent(relay, 'Bob')]
    const { chatId } = await waitingCustomer(relay)
    alice.client.send({ type: 'accept', chatId })
    bob.client.send({ type: 'accept', chatId })
    const outcomes = await Promise.race([
      Promise.all([alice.client.next('history').then(() => 'alice'), bob.client.next('error').then((e) => e.code)]),
      Promise.all([bob.client.next('history').then(() => 'bob'), alice.client.next('error').then((e) => e.code)])
    ])
    expect(outcomes[1]).toBe('taken')
  })

  it('transfers a chat to another agent and the customer sees the new name', async () => {
    const [alice, bob] = [await onlineAgent(relay, 'Alice'), await onlineAgent(relay, 'Bob')]
    const { client: customer, chatId } = await waitingCustomer(relay)
    alice.client.send({ type: 'accept', chatId })
    await customer.next('chat', (f) => f.chat.agentName === 'Alice')
    alice.client.send({ type: 'transfer', chatId, to: bob.id })
    expect((await customer.next('chat', (f) => f.chat.agentName === 'Bob')).chat.status).toBe('active')
    expect((await customer.next('message', (f) => f.message.event === 'transferred')).message.name).toBe('Bob')
    expect((await bob.client.next('chat', (f) => f.chat.id === chatId)).chat.agentId).toBe(bob.id)
    bob.client.send({ type: 'send', chatId, id: 'b1', parts: text('Bob here') })
    await customer.next('message', (f) => f.message.id === 'b1')
    alice.client.send({ type: 'send', chatId, id: 'a9', parts: text('still me?') })
    expect(await alice.client.next('error')).toMatchObject({ code: 'forbidden' })
  })

  it('puts a chat back at the front of the queue on request', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const first = await waitingCustomer(relay, 'first')
    const second = await waitingCustomer(relay, 'second')
    alice.client.send({ type: 'accept', chatId: second.chatId })
    await second.client.next('chat', (f) => f.chat.status === 'active')
    alice.client.send({ type: 'transfer', chatId: second.chatId })
    expect((await second.client.next('chat', (f) => f.chat.status === 'waiting')).chat.position).toBe(1)
    const panel = await relay.app.parley.hub.panel()
    expect(panel.waiting.map((w) => w.id)).toEqual([second.chatId, first.chatId])
  })

  it('returns a vanished agent’s chats to the front of the queue after the grace period and tells the customer', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const earlier = await waitingCustomer(relay, 'earlier')
    const { client: customer, chatId } = await waitingCustomer(relay, 'mine')
    alice.client.send({ type: 'accept', chatId })
    await customer.next('chat', (f) => f.chat.status === 'active')
    alice.client.close()
    expect((await customer.next('message', (f) => f.message.event === 'requeued', 5000)).message.from).toBe('system')
    expect((await customer.next('chat', (f) => f.chat.status === 'waiting')).chat.position).toBe(1)
    const panel = await relay.app.parley.hub.panel()
    expect(panel.waiting.map((w) => w.id)).toEqual([chatId, earlier.chatId])
    expect(panel.chatting).toEqual([])
  })

  it('keeps a chat with its agent when they come back within the grace period', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const { client: customer, chatId } = await waitingCustomer(relay)
    alice.client.send({ type: 'accept', chatId })
    await customer.next('chat', (f) => f.chat.status === 'active')
    alice.client.close()
    const back = await relay.agentSocket(alice.cookie)
    expect(back.welcome.mine.map((c: { id: string }) => c.id)).toEqual([chatId])
    await new Promise((r) => setTimeout(r, 700))
    expect((await relay.app.parley.store.getChat(chatId))!.status).toBe('active')
  })

  it('follows the customer’s pages and records technical details', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0'
    const { client } = await relay.customerSocket({
      visitor: { url: 'https://shop.test/', title: 'Shop', referrer: 'https://search.test/?q=coffee', lang: 'de-DE', tz: 'Europe/Berlin', screen: '1920x1080' }
    })
    // the test client's user agent is set on the upgrade request
    client.close()
    const { connectClient } = await import('../helpers/ws-client.js')
    const customer = await connectClient(relay.wsUrl + '/ws/customer', { 'user-agent': ua })
    customer.send({
      type: 'hello',
      v: 1,
      visitor: { url: 'https://shop.test/', title: 'Shop', referrer: 'https://search.test/?q=coffee', lang: 'de-DE', tz: 'Europe/Berlin', screen: '1920x1080' }
    })
    await customer.next('welcome')
    customer.send({ type: 'start', id: 'm1', parts: text('Hello') })
    const { chat } = await customer.next('started')
    customer.send({ type: 'page', url: 'https://shop.test/cart', title: 'Cart' })
    const moved = await alice.panel.until((p) => p.waiting[0]?.visitor.url === 'https://shop.test/cart')
    expect(moved.waiting[0]).toMatchObject({ browser: 'Firefox 131', os: 'Windows 10', visitor: { title: 'Cart', lang: 'de-DE', tz: 'Europe/Berlin' } })
    const details = await api(relay, alice.cookie)('GET', `/api/chats/${chat.id}`)
    expect(details.body.tech).toMatchObject({
      ip: '127.0.0.1',
      userAgent: ua,
      browser: 'Firefox 131',
      referrer: 'https://search.test/?q=coffee',
      screen: '1920x1080'
    })
    expect(details.body.tech.pages.map((p: { url: string }) => p.url)).toEqual(['https://shop.test/', 'https://shop.test/cart'])
    expect(details.body.messages[0].parts).toEqual(text('Hello'))
  })

  it('renames and tags a chat and finds it in the archive by tag, title and a word of a message', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const { client: customer, chatId } = await waitingCustomer(relay, 'My espresso grinder is broken')
    await waitingCustomer(relay, 'Unrelated question about shipping')
    alice.client.send({ type: 'accept', chatId })
    await customer.next('chat', (f) => f.chat.status === 'active')
    const call = api(relay, alice.cookie)
    const patched = await call('PATCH', `/api/chats/${chatId}`, { title: 'Grinder repair', tags: ['Warranty', ' hardware ', 'warranty'] })
    expect(patched.body.chat).toMatchObject({ title: 'Grinder repair', tags: ['warranty', 'hardware'] })
    for (const q of ['warranty', 'grinder repair', 'espresso', 'espr']) {
      const { body } = await call('GET', `/api/archive?q=${encodeURIComponent(q)}`)
      expect(body.hits.map((h: { chat: { id: string } }) => h.chat.id)).toEqual([chatId])
    }
    const { body } = await call('GET', '/api/archive?q=espresso')
    expect(body.hits[0].snippet).toContain(`${HIGHLIGHT.start}espresso${HIGHLIGHT.end}`)
    expect((await call('GET', '/api/tags')).body.tags).toEqual([
      { tag: 'hardware', count: 1 },
      { tag: 'warranty', count: 1 }
    ])
    expect((await call('PATCH', `/api/chats/${chatId}`, { title: '' })).status).toBe(400)
  })

  it('orders archive hits newest first', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const a = await waitingCustomer(relay, 'coffee beans please')
    a.client.send({ type: 'end' })
    await a.client.next('chat', (f) => f.chat.status === 'ended')
    const b = await waitingCustomer(relay, 'more coffee please')
    const { body } = await api(relay, alice.cookie)('GET', '/api/archive?q=coffee')
    expect(body.hits.map((h: { chat: { id: string } }) => h.chat.id)).toEqual([b.chatId, a.chatId])
  })

  it('lets admins manage text modules and every agent read them', async () => {
    const admin = await onlineAgent(relay, 'Ada', 'admin')
    const agent = await onlineAgent(relay, 'Bob')
    const asAdmin = api(relay, admin.cookie)
    const asAgent = api(relay, agent.cookie)
    const made = await asAdmin('POST', '/api/text-modules', { name: 'Hello', keywords: 'greet hi', content: 'Hi {{customer.name}}, {{agent.name}} here.' })
    expect(made.status).toBe(201)
    expect((await asAgent('GET', '/api/text-modules')).body.modules).toEqual([made.body.module])
    expect((await asAgent('POST', '/api/text-modules', { name: 'x', content: 'y' })).status).toBe(403)
    const edited = await asAdmin('PUT', `/api/text-modules/${made.body.module.id}`, { name: 'Hello', keywords: 'greet', content: 'Hello!' })
    expect(edited.body.module.content).toBe('Hello!')
    expect((await asAdmin('DELETE', `/api/text-modules/${made.body.module.id}`)).status).toBe(204)
    expect((await asAgent('GET', '/api/text-modules')).body.modules).toEqual([])
  })

  it('lets admins add and disable agents, and a disabled agent is signed out at once', async () => {
    const admin = await onlineAgent(relay, 'Ada', 'admin')
    const asAdmin = api(relay, admin.cookie)
    const added = await asAdmin('POST', '/api/agents', { name: 'Carol', email: 'carol@example.com', password: 'long enough pw', role: 'agent' })
    expect(added.status).toBe(201)
    const cookie = await relay.login('carol@example.com', 'long enough pw')
    const { client: carol } = await relay.agentSocket(cookie)
    expect((await asAdmin('PATCH', `/api/agents/${added.body.agent.id}`, { disabled: true })).body.agent.disabled).toBe(true)
    expect((await carol.closed).code).toBe(4001)
    await expect(relay.login('carol@example.com', 'long enough pw')).rejects.toThrow(/401/)
    expect((await api(relay, cookie)('GET', '/api/agents')).status).toBe(401)
    expect((await asAdmin('PATCH', `/api/agents/${admin.id}`, { role: 'agent' })).status).toBe(409)
  })

  it('tells an agent’s open console at once when an admin changes their role', async () => {
    const admin = await onlineAgent(relay, 'Ada', 'admin')
    const bob = await onlineAgent(relay, 'Bob')
    await api(relay, admin.cookie)('PATCH', `/api/agents/${bob.id}`, { role: 'admin', displayName: 'Robert' })
    expect((await bob.client.next('me', (f) => f.me.role === 'admin')).me.displayName).toBe('Robert')
  })

  it('keeps admin routes from agents', async () => {
    const agent = await onlineAgent(relay, 'Bob')
    const asAgent = api(relay, agent.cookie)
    expect((await asAgent('GET', '/api/agents')).status).toBe(403)
    expect((await asAgent('PUT', '/api/site', { allowedOrigins: [], widgetTitle: 'x', widgetColor: '#000000', greeting: '' })).status).toBe(403)
  })
})

describe('turn chat into ticket', () => {
  let relay: TestRelay
  let hook: Server
  let received: { headers: IncomingMessage['headers']; body: string }[]
  let failNext: number

  beforeEach(async () => {
    received = []
    failNext = 0
    hook = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        if (failNext > 0) {
          failNext--
          res.writeHead(503).end()
          return
        }
        received.push({ headers: req.headers, body })
        res.writeHead(204).end()
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    const port = (hook.address() as { port: number }).port
    relay = await startTestRelay({
      webhookUrl: `http://127.0.0.1:${port}/hook`,
      webhookSecret: HOOK_SECRET,
      webhookPollMs: 20,
      publicUrl: 'https://chat.example.com'
    })
  })
  afterEach(async () => {
    await relay.close()
    await new Promise((r) => hook.close(r))
  })

  const endedChat = async (agent: { client: TestClient }) => {
    const { client: customer, chatId } = await waitingCustomer(relay, 'Where is my parcel?')
    agent.client.send({ type: 'accept', chatId })
    await customer.next('chat', (f) => f.chat.status === 'active')
    agent.client.send({ type: 'send', chatId, id: 'a1', parts: text('Let me check.') })
    await customer.next('message', (f) => f.message.id === 'a1')
    agent.client.send({ type: 'end', chatId })
    await customer.next('chat', (f) => f.chat.status === 'ended')
    return chatId
  }

  it('is refused while the chat is still going', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const { chatId } = await waitingCustomer(relay)
    expect((await api(relay, alice.cookie)('POST', `/api/chats/${chatId}/ticket`)).status).toBe(409)
  })

  it('makes one ticket however often it is clicked, with a link to the chat and the transcript', async () => {
    const alice = await onlineAgent(relay, 'Alice')
    const chatId = await endedChat(alice)
    const call = api(relay, alice.cookie)
    await call('PATCH', `/api/chats/${chatId}`, { tags: ['shipping'] })
    const clicks = await Promise.all([call('POST', `/api/chats/${chatId}/ticket`), call('POST', `/api/chats/${chatId}/ticket`)])
    expect(clicks.map((c) => c.status).sort()).toEqual([200, 201])
    const [a, b] = clicks.map((c) => c.body.ticket)
    expect(a.id).toBe(b.id)
    expect(a).toMatchObject({
      chatId,
      title: 'Where is my parcel?',
      tags: ['shipping'],
      status: 'open',
      chatUrl: `https://chat.example.com/console/#/chat/${chatId}`
    })
    expect(a.note.split('\n')[0]).toBe(`Chat: https://chat.example.com/console/#/chat/${chatId}`)
    expect(a.note).toMatch(/Customer: Where is my parcel\?/)
    expect(a.note).toMatch(/Alice: Let me check\./)
    expect((await call('GET', '/api/tickets?status=open')).body.tickets.map((t: { id: string }) => t.id)).toEqual([a.id])
    expect((await call('GET', `/api/chats/${chatId}`)).body.chat.ticketId).toBe(a.id)
    const closed = await call('PATCH', `/api/tickets/${a.id}`, { status: 'closed' })
    expect(closed.body.ticket.status).toBe('closed')
    expect((await call('GET', '/api/tickets?status=open')).body.tickets).toEqual([])
  })

  it('posts a signed webhook, retrying until the help desk accepts it', async () => {
    failNext = 2
    const alice = await onlineAgent(relay, 'Alice')
    const chatId = await endedChat(alice)
    const { body } = await api(relay, alice.cookie)('POST', `/api/chats/${chatId}/ticket`)
    const delivered = await alice.client.next('ticket', (f) => f.ticket.webhook.status === 'delivered', 10_000)
    expect(delivered.ticket.webhook.attempts).toBe(3)
    expect(received).toHaveLength(1)
    const { headers, body: raw } = received[0]!
    const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${raw}`
    expect(headers['webhook-signature']).toBe(
      'v1,' +
        createHmac('sha256', Buffer.from(HOOK_SECRET.slice(6), 'base64'))
          .update(signed)
          .digest('base64')
    )
    const payload = JSON.parse(raw)
    expect(payload).toMatchObject({ event: 'ticket.created', ticket: { id: body.ticket.id }, chatUrl: body.ticket.chatUrl })
    expect(payload.transcript.map((m: { from: string }) => m.from)).toContain('agent')
  })

  it('shows a delivery that keeps failing as failed, never silently', async () => {
    await relay.close()
    // A port nobody listens on: the connection is refused.
    const closedPort = await freePort()
    relay = await startTestRelay({
      webhookUrl: `http://127.0.0.1:${closedPort}/unreachable`,
      webhookSecret: HOOK_SECRET,
      webhookPollMs: 20,
      webhookMaxAttempts: 2
    })
    const alice = await onlineAgent(relay, 'Alice')
    const chatId = await endedChat(alice)
    await api(relay, alice.cookie)('POST', `/api/chats/${chatId}/ticket`)
    const failed = await alice.client.next('ticket', (f) => f.ticket.webhook.status === 'failed', 10_000)
    expect(failed.ticket.webhook).toMatchObject({ attempts: 2, status: 'failed' })
    expect(failed.ticket.webhook.error).toMatch(/ECONNREFUSED/)
    // Retrying from the console starts over and is seen live.
    const retried = await api(relay, alice.cookie)('POST', `/api/tickets/${failed.ticket.id}/webhook`)
    expect(retried.body.ticket.webhook).toMatchObject({ status: 'pending', attempts: 0 })
    await alice.client.next('ticket', (f) => f.ticket.webhook.status === 'pending')
    expect((await alice.client.next('ticket', (f) => f.ticket.webhook.status === 'failed', 10_000)).ticket.webhook.attempts).toBe(2)
  })
})

describe('site settings and proxies', () => {
  it('gives customers the widget title, colour and greeting an admin set', async () => {
    const relay = await startTestRelay()
    try {
      const admin = await relay.agent('Ada', { role: 'admin' })
      const site = { allowedOrigins: ['https://shop.example.com'], widgetTitle: 'Ask Nordlicht', widgetColor: '#123456', greeting: 'Hej! Ask us anything.' }
      // Answers carry every setting: what was saved, and the defaults of what never was (issue 12's all off).
      const full = { ...site, timeZone: 'UTC', offlineMode: 'hide', businessHours: ALWAYS_OPEN, preChat: PRE_CHAT_OFF, ratings: false, transcripts: false }
      expect((await api(relay, admin.cookie)('PUT', '/api/site', site)).body.site).toEqual(full)
      expect((await api(relay, admin.cookie)('GET', '/api/site')).body.site).toEqual(full)
      const { welcome } = await relay.customerSocket()
      expect(welcome.site).toEqual({ title: 'Ask Nordlicht', color: '#123456', greeting: 'Hej! Ask us anything.' })
      expect((await api(relay, admin.cookie)('PUT', '/api/site', { ...site, widgetColor: 'red' })).status).toBe(400)
    } finally {
      await relay.close()
    }
  })

  it('records the client address from X-Forwarded-For only behind a trusted proxy', async () => {
    for (const [trustedProxies, expected] of [
      [['127.0.0.1'], '203.0.113.9'],
      [[], '127.0.0.1']
    ] as const) {
      const relay = await startTestRelay({ trustedProxies: [...trustedProxies] })
      try {
        const alice = await onlineAgent(relay, 'Alice')
        const { connectClient } = await import('../helpers/ws-client.js')
        const customer = await connectClient(relay.wsUrl + '/ws/customer', { 'x-forwarded-for': '203.0.113.9' })
        customer.send({ type: 'hello', v: 1 })
        await customer.next('welcome')
        customer.send({ type: 'start', id: 'm1', parts: text('Hello') })
        const { chat } = await customer.next('started')
        const details = await api(relay, alice.cookie)('GET', `/api/chats/${chat.id}`)
        expect(details.body.tech.ip).toBe(expected)
        customer.close()
      } finally {
        await relay.close()
      }
    }
  })
})

describe('identity before the chat', () => {
  it('shows agents the customer’s name and attributes from the first moment the chat exists', async () => {
    const relay = await startTestRelay({ identitySecret: 'a secret of sixteen+ chars' })
    try {
      const alice = await onlineAgent(relay, 'Alice')
      const { client } = await relay.customerSocket()
      const hash = createHmac('sha256', 'a secret of sixteen+ chars').update('user-42').digest('hex')
      client.send({ type: 'identify', id: 'user-42', name: 'Ada Lovelace', email: 'ada@example.com', hash })
      client.send({ type: 'attributes', attributes: { plan: 'pro' } })
      client.send({ type: 'start', id: 'c1', parts: text('Hello') })
      await client.next('started')
      const first = await alice.panel.until((p) => p.waiting.length === 1)
      expect(first.waiting[0]).toMatchObject({
        title: 'Ada Lovelace',
        customer: { name: 'Ada Lovelace', email: 'ada@example.com', externalId: 'user-42', verified: ['id'] },
        attributes: { plan: 'pro' }
      })
    } finally {
      await relay.close()
    }
  })

  it('holds a claim made on a proposed token until the chat starts, without an error', async () => {
    const relay = await startTestRelay()
    try {
      const alice = await onlineAgent(relay, 'Alice')
      const { client } = await relay.customerSocket({ token: 'p'.repeat(32) })
      client.send({ type: 'identify', name: 'Grace Hopper' })
      client.send({ type: 'attributes', attributes: { cart: '2 items' } })
      client.send({ type: 'start', id: 'c1', parts: text('Hello'), visitor: { tz: 'Europe/Oslo' } })
      expect((await client.next('started')).token).toBe('p'.repeat(32))
      expect(client.pending().filter((f) => f.type === 'error')).toEqual([])
      const first = await alice.panel.until((p) => p.waiting.length === 1)
      expect(first.waiting[0]).toMatchObject({ customer: { name: 'Grace Hopper' }, attributes: { cart: '2 items' }, visitor: { tz: 'Europe/Oslo' } })
    } finally {
      await relay.close()
    }
  })

  it('marks a claim without a valid hash as unverified', async () => {
    const relay = await startTestRelay({ identitySecret: 'a secret of sixteen+ chars' })
    try {
      const alice = await onlineAgent(relay, 'Alice')
      const { client } = await relay.customerSocket()
      client.send({ type: 'identify', id: 'user-42', name: 'Mallory', hash: '0'.repeat(64) })
      client.send({ type: 'start', id: 'c1', parts: text('Hello') })
      await client.next('started')
      const first = await alice.panel.until((p) => p.waiting.length === 1)
      expect(first.waiting[0]!.customer).toEqual({ name: 'Mallory', externalId: 'user-42', verified: [] })
    } finally {
      await relay.close()
    }
  })
})
