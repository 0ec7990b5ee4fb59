// Issue 12 over real sockets: site settings reaching widgets live, business hours, the pre-chat
// form, ratings, read receipts and internal notes (which never reach the customer).
import { afterEach, describe, expect, it } from 'vitest'
import { ALWAYS_OPEN, PROTOCOL_VERSION, type BusinessHours } from '../../protocol/index.js'
import { api, onlineAgent, text, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const base = { allowedOrigins: [], widgetTitle: 'Chat with us', widgetColor: '#0b5fff', greeting: '' }

let relay: TestRelay
afterEach(() => relay?.close())

/** An agent who answered a waiting customer's chat. */
const answered = async (r: TestRelay, first = 'Hello') => {
  const agent = await onlineAgent(r, 'Ann', 'admin')
  const customer = await waitingCustomer(r, first)
  agent.client.send({ type: 'accept', chatId: customer.chatId })
  await agent.client.next('history', (f) => f.chatId === customer.chatId)
  await customer.client.next('chat', (f) => f.chat.status === 'active')
  return { agent, customer }
}

describe('site settings of issue 12', () => {
  it('keeps every feature off by default and sends saved settings to connected widgets at once', async () => {
    relay = await startTestRelay()
    const { client, welcome } = await relay.customerSocket()
    expect(welcome.site).toEqual({})
    const admin = await relay.agent('Ada', { role: 'admin' })
    const preChat = { name: 'required', email: 'optional', topic: 'optional', topics: ['Orders', 'Returns'] }
    const saved = await api(relay, admin.cookie)('PUT', '/api/site', { ...base, offlineMode: 'form', preChat, ratings: true, transcripts: true })
    expect(saved.status).toBe(200)
    expect(saved.body.site).toMatchObject({ offlineMode: 'form', preChat, ratings: true, transcripts: true, businessHours: ALWAYS_OPEN })
    // No SMTP configured: the download only.
    const live = await client.next('site')
    expect(live.site).toEqual({ offline: 'form', preChat, ratings: true, transcript: { email: false } })
    expect((await relay.customerSocket()).welcome.site).toEqual(live.site)
  })

  it('refuses settings that do not hold, naming the field', async () => {
    relay = await startTestRelay()
    const admin = await relay.agent('Ada', { role: 'admin' })
    const put = (body: object) => api(relay, admin.cookie)('PUT', '/api/site', { ...base, ...body })
    const bad = await put({ preChat: { name: 'off', email: 'off', topic: 'required', topics: [] } })
    expect([bad.status, bad.body.code]).toEqual([400, 'bad_frame'])
    expect(bad.body.message).toMatch(/preChat.topics must list at least one topic/)
    expect((await put({ offlineMode: 'popup' })).body.message).toMatch(/offlineMode must be one of hide, disabled, form/)
    expect((await put({ businessHours: { ...ALWAYS_OPEN, week: [{ day: 'Mon', from: '18:00', to: '09:00' }] } })).body.message).toMatch(
      /must end after it starts/
    )
  })
})

describe('business hours', () => {
  it('closes the site at the closing minute by itself, even with an agent on, and agents see it', async () => {
    let offset = 0
    relay = await startTestRelay({}, { now: () => Date.now() + offset })
    const ann = await onlineAgent(relay, 'Ann', 'admin')
    const { client, welcome } = await relay.customerSocket()
    expect(welcome.available).toBe(true)
    // The relay's clock is moved to 6 s before a closing minute; the hours are saved: its one
    // timer flips availability at that minute.
    const closingAt = Math.floor(Date.now() / 60_000) * 60_000 + 10 * 60_000
    offset = closingAt - 6000 - Date.now()
    const closing = new Date(closingAt)
    const opening = new Date(closingAt - 60 * 60_000)
    // The day the open span ends in (a closing at midnight ends the day before, at 24:00).
    const lastOpen = new Date(closingAt - 1)
    const hhmm = (d: Date) => d.toISOString().slice(11, 16)
    const day = (['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const)[lastOpen.getUTCDay()]!
    const hours: BusinessHours = {
      enabled: true,
      timeZone: 'UTC',
      week: [{ day, from: opening.getUTCDate() === lastOpen.getUTCDate() ? hhmm(opening) : '00:00', to: hhmm(closing) === '00:00' ? '24:00' : hhmm(closing) }],
      closedDates: []
    }
    const saved = await api(relay, ann.cookie)('PUT', '/api/site', { ...base, businessHours: hours })
    expect([saved.status, saved.body.message]).toEqual([200, undefined])
    const closed = await client.next('availability', () => true, 20_000)
    expect(closed).toEqual({ type: 'availability', available: false, outsideHours: true })
    expect((await client.next('site', (f) => f.site.outsideHours)).site).toEqual({ outsideHours: true })
    expect((await ann.client.next('hours', () => true, 20_000)).outsideHours).toBe(true)
    client.send({ type: 'start', id: 'late-1', parts: text('Anyone there?') })
    expect(await client.next('error')).toMatchObject({ code: 'unavailable', ref: 'late-1' })
    // A console opened now is told at once.
    const bea = await relay.agent('Bea')
    expect((await relay.agentSocket(bea.cookie)).welcome.outsideHours).toBe(true)
  }, 60_000)
})

describe('pre-chat form', () => {
  it('enforces required fields, keeps the values on the visitor and chat, and the archive finds them', async () => {
    relay = await startTestRelay()
    const ann = await onlineAgent(relay, 'Ann', 'admin')
    const preChat = { name: 'required', email: 'required', topic: 'required', topics: ['Orders', 'Returns'] }
    await api(relay, ann.cookie)('PUT', '/api/site', { ...base, preChat })
    const { client } = await relay.customerSocket()
    client.send({ type: 'start', id: 's1', parts: text('Where is my parcel?'), preChat: { name: 'Grace Hopper' } })
    const missing = await client.next('error')
    expect(missing).toMatchObject({ code: 'required', ref: 's1' })
    expect(missing.message).toMatch(/preChat.email/)
    client.send({
      type: 'start',
      id: 's1',
      parts: text('Where is my parcel?'),
      preChat: { name: 'Grace Hopper', email: 'grace@example.com', topic: 'Parcels' }
    })
    expect((await client.next('error')).message).toMatch(/not one of this site's topics/)
    client.send({
      type: 'start',
      id: 's1',
      parts: text('Where is my parcel?'),
      preChat: { name: 'Grace Hopper', email: 'grace@example.com', topic: 'Returns' }
    })
    const started = await client.next('started')
    const waiting = await ann.client.next('panelDelta', (f) => f.chats?.some((c: { id: string }) => c.id === started.chat.id))
    const summary = waiting.chats.find((c: { id: string }) => c.id === started.chat.id)
    expect(summary.customer).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com', verified: [] })
    expect(summary.topic).toBe('Returns')
    const found = await api(relay, ann.cookie)('GET', '/api/archive?q=returns')
    expect(found.body.hits.map((h: { chat: { id: string } }) => h.chat.id)).toEqual([started.chat.id])
  })

  it('lets an identified visitor skip what the site already told', async () => {
    relay = await startTestRelay()
    const ann = await onlineAgent(relay, 'Ann', 'admin')
    await api(relay, ann.cookie)('PUT', '/api/site', { ...base, preChat: { name: 'required', email: 'required', topic: 'off', topics: [] } })
    const { client } = await relay.customerSocket()
    client.send({ type: 'identify', id: 'u-7', name: 'Linus', email: 'linus@example.com' })
    client.send({ type: 'start', id: 's2', parts: text('Hi') })
    expect((await client.next('started')).chat.status).toBe('waiting')
  })
})

describe('ratings', () => {
  it('lets the visitor rate an ended chat once; the agent sees it, and the ticket carries it', async () => {
    relay = await startTestRelay()
    const { agent, customer } = await answered(relay)
    await api(relay, agent.cookie)('PUT', '/api/site', { ...base, ratings: true })
    customer.client.send({ type: 'rate', rating: 'good' })
    expect((await customer.client.next('error')).message).toMatch(/once it has ended/)
    agent.client.send({ type: 'end', chatId: customer.chatId })
    await customer.client.next('chat', (f) => f.chat.status === 'ended')
    customer.client.send({ type: 'rate', rating: 'bad', comment: 'Took too long' })
    expect((await customer.client.next('chat', (f) => !!f.chat.rating)).chat.rating).toBe('bad')
    const seen = await agent.client.next('chat', (f) => !!f.chat.rating)
    expect([seen.chat.rating, seen.chat.ratingComment]).toEqual(['bad', 'Took too long'])
    customer.client.send({ type: 'rate', rating: 'good' })
    expect((await customer.client.next('error')).code).toBe('rated')
    const made = await api(relay, agent.cookie)('POST', `/api/chats/${customer.chatId}/ticket`)
    expect([made.body.ticket.rating, made.body.ticket.ratingComment]).toEqual(['bad', 'Took too long'])
    expect(made.body.ticket.note).toMatch(/Rating: bad — Took too long/)
  })

  it('refuses a rating while the site does not ask for them', async () => {
    relay = await startTestRelay()
    const { agent, customer } = await answered(relay)
    agent.client.send({ type: 'end', chatId: customer.chatId })
    await customer.client.next('chat', (f) => f.chat.status === 'ended')
    customer.client.send({ type: 'rate', rating: 'good' })
    expect((await customer.client.next('error')).code).toBe('not_offered')
  })
})

describe('read receipts', () => {
  it('tells each side once per advance, counts only the assigned agent, and survives a reconnect', async () => {
    relay = await startTestRelay()
    const { agent, customer } = await answered(relay)
    agent.client.send({ type: 'send', chatId: customer.chatId, id: 'a1', parts: text('How can I help?') })
    const m = await customer.client.next('message', (f) => f.message.id === 'a1')
    customer.client.send({ type: 'read', seq: m.message.seq })
    expect(await agent.client.next('read')).toEqual({ type: 'read', chatId: customer.chatId, seq: m.message.seq })
    customer.client.send({ type: 'read', seq: m.message.seq })
    customer.client.send({ type: 'read', seq: 1 })
    agent.client.send({ type: 'read', chatId: customer.chatId, seq: 1 })
    expect(await customer.client.next('read')).toEqual({ type: 'read', seq: 1 })
    // Another agent's read does not count.
    const bea = await onlineAgent(relay, 'Bea')
    bea.client.send({ type: 'read', chatId: customer.chatId, seq: m.message.seq })
    agent.client.send({ type: 'ping' })
    await agent.client.next('pong')
    customer.client.send({ type: 'ping' })
    await customer.client.next('pong')
    expect(agent.client.pending().filter((f) => f.type === 'read')).toEqual([])
    expect(customer.client.pending().filter((f) => f.type === 'read')).toEqual([])
    // After a reconnect both marks are there, nothing is told twice.
    const again = await relay.customerSocket({ token: customer.token })
    expect(again.welcome.reads).toEqual({ customer: m.message.seq, agent: 1 })
    agent.client.send({ type: 'sync', chatId: customer.chatId, after: 0 })
    expect((await agent.client.next('history')).reads).toEqual({ customer: m.message.seq, agent: 1 })
  })
})

describe('internal notes', () => {
  it('reach agents live and in the history, never the customer socket', async () => {
    relay = await startTestRelay()
    const { agent, customer } = await answered(relay)
    const secret = 'SECRET-NOTE: refund approved, do not tell yet'
    const bea = await onlineAgent(relay, 'Bea')
    bea.client.send({ type: 'sync', chatId: customer.chatId, after: 0 })
    await bea.client.next('history')
    agent.client.send({ type: 'note', chatId: customer.chatId, id: 'n1', text: secret })
    const mine = await agent.client.next('note')
    expect(mine.note).toMatchObject({ id: 'n1', chatId: customer.chatId, agentId: agent.id, name: 'Ann', text: secret })
    expect((await bea.client.next('note')).note.text).toBe(secret)
    // Another message after it: the customer's sequence has no gap where the note was.
    agent.client.send({ type: 'send', chatId: customer.chatId, id: 'a2', parts: text('One moment') })
    const after = await customer.client.next('message', (f) => f.message.id === 'a2')
    customer.client.send({ type: 'sync', after: 0 })
    const history = await customer.client.next('history')
    expect(history.messages.map((x: { seq: number }) => x.seq)).toEqual(Array.from({ length: after.message.seq }, (_, i) => i + 1))
    const reconnected = await relay.customerSocket({ token: customer.token })
    const everything = JSON.stringify([...customer.client.pending(), history, reconnected.welcome])
    expect(everything).not.toContain('SECRET-NOTE')
    expect(everything).not.toContain('"note"')
    agent.client.send({ type: 'sync', chatId: customer.chatId, after: 0 })
    expect((await agent.client.next('history')).notes.map((n: { text: string }) => n.text)).toEqual([secret])
    // The ticket made from the chat carries it.
    agent.client.send({ type: 'end', chatId: customer.chatId })
    await customer.client.next('chat', (f) => f.chat.status === 'ended')
    const made = await api(relay, agent.cookie)('POST', `/api/chats/${customer.chatId}/ticket`)
    expect(made.body.ticket.note).toContain(secret)
    expect(JSON.stringify(customer.client.pending())).not.toContain('SECRET-NOTE')
  })

  it('refuses an empty note and one for a chat that does not exist', async () => {
    relay = await startTestRelay()
    const ann = await onlineAgent(relay, 'Ann')
    ann.client.send({ type: 'note', chatId: 'nochat', id: 'n1', text: 'x' })
    expect((await ann.client.next('error')).code).toBe('not_found')
    ann.client.send({ type: 'note', chatId: 'nochat', id: 'n1', text: '  ' })
    expect((await ann.client.next('error')).code).toBe('bad_frame')
  })
})

void PROTOCOL_VERSION
