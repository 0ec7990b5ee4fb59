// The offline form over real HTTP (issue 12): POST /api/offline-message makes a ticket that a
// connected agent hears of at once; the honeypot, bad input, the hourly limit, the origin and the
// offline mode are checked.
import { afterEach, describe, expect, it } from 'vitest'
import { api } from '../helpers/flows.js'
import { png } from '../helpers/images.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const base = { allowedOrigins: ['https://shop.test'], widgetTitle: 'Chat with us', widgetColor: '#0b5fff', greeting: '' }
const form = { name: 'Olga', email: 'olga@example.com', message: 'Do you ship to Norway?' }

let relay: TestRelay
afterEach(() => relay?.close())

/** A relay whose site is in offline mode `mode`, and an admin's cookie. */
const site = async (mode: 'form' | 'hide' | 'disabled', overrides = {}) => {
  relay = await startTestRelay(overrides)
  const admin = await relay.agent('Ada', { role: 'admin' })
  expect((await api(relay, admin.cookie)('PUT', '/api/site', { ...base, offlineMode: mode })).status).toBe(200)
  return admin
}

/** Posts the form from the shop's page, as the widget does. */
const leave = async (body: object, origin = 'https://shop.test') => {
  const res = await fetch(relay.url + '/api/offline-message', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify(body)
  })
  return { status: res.status, body: (await res.json()) as any, cors: res.headers.get('access-control-allow-origin') }
}

describe('the offline form', () => {
  it('makes a ticket from an ended offline chat, which a connected agent sees at once, image included', async () => {
    const admin = await site('form')
    const { client } = await relay.agentSocket(admin.cookie)
    const image = png(40, 30).toString('base64')
    const res = await leave({ ...form, image })
    expect(res).toEqual({ status: 201, body: { received: true }, cors: 'https://shop.test' })
    const { ticket } = await client.next('ticket')
    expect(ticket).toMatchObject({ title: 'Olga', status: 'open', offline: true, customer: { name: 'Olga', email: 'olga@example.com' } })
    expect(ticket.note).toContain('Do you ship to Norway?')
    const tickets = await api(relay, admin.cookie)('GET', '/api/tickets')
    expect(tickets.body.tickets.map((t: { id: string }) => t.id)).toEqual([ticket.id])
    const chat = (await relay.app.parley.store.getChat(ticket.chatId))!
    expect([chat.status, chat.offline, chat.outsideHours]).toEqual(['ended', true, undefined])
    const messages = await relay.app.parley.store.messagesAfter(chat.id, 0, 10)
    expect(messages.map((m) => m.parts[0]!.type)).toEqual(['text', 'image'])
    const img = messages[1]!.parts[0] as { id: string; width: number }
    expect(img.width).toBe(40)
    const served = await fetch(`${relay.url}/uploads/${img.id}`)
    expect([served.status, served.headers.get('content-type')]).toEqual([200, 'image/png'])
  })

  it('marks a message left outside business hours', async () => {
    const admin = await site('form')
    const closed = { enabled: true, timeZone: 'UTC', week: [], closedDates: [] }
    expect((await api(relay, admin.cookie)('PUT', '/api/site', { ...base, offlineMode: 'form', businessHours: closed })).status).toBe(200)
    expect((await leave(form)).status).toBe(201)
    const [ticket] = (await api(relay, admin.cookie)('GET', '/api/tickets')).body.tickets
    expect(ticket.outsideHours).toBe(true)
    expect((await relay.app.parley.store.getChat(ticket.chatId))!.outsideHours).toBe(true)
  })

  it('answers a filled-in honeypot like a success and creates nothing', async () => {
    const admin = await site('form')
    expect(await leave({ ...form, website: 'http://spam.test' })).toMatchObject({ status: 201, body: { received: true } })
    expect((await api(relay, admin.cookie)('GET', '/api/tickets')).body.tickets).toEqual([])
  })

  it('refuses bad input naming the field, and creates nothing', async () => {
    const admin = await site('form')
    const cases: [object, RegExp][] = [
      [{ ...form, name: '  ' }, /^name/],
      [{ ...form, email: 'olga' }, /^email/],
      [{ ...form, message: '' }, /^message/],
      [{ ...form, image: 'not base64!' }, /^image/],
      [{ ...form, image: Buffer.from('<svg></svg>').toString('base64') }, /^image/]
    ]
    for (const [body, field] of cases) {
      const res = await leave(body)
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
      expect(res.body.code).toBe('bad_frame')
      expect(res.body.message).toMatch(field)
    }
    expect((await api(relay, admin.cookie)('GET', '/api/tickets')).body.tickets).toEqual([])
  })

  it('refuses the (n+1)th message from one IP within the hour', async () => {
    const admin = await site('form', { maxOfflineMessagesPerHourPerIp: 2 })
    expect((await leave(form)).status).toBe(201)
    expect((await leave(form)).status).toBe(201)
    const third = await leave(form)
    expect([third.status, third.body.code]).toEqual([429, 'rate_limited'])
    expect((await api(relay, admin.cookie)('GET', '/api/tickets')).body.tickets).toHaveLength(2)
  })

  it('is refused unless the offline mode is form, and from origins that may not embed the widget', async () => {
    await site('hide')
    const hidden = await leave(form)
    expect([hidden.status, hidden.body.code]).toEqual([403, 'not_offered'])
    await relay.close()
    const admin = await site('form')
    const stranger = await leave(form, 'https://evil.test')
    expect([stranger.status, stranger.body.code, stranger.cors]).toEqual([403, 'forbidden', null])
    const preflight = await fetch(relay.url + '/api/offline-message', {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.test', 'access-control-request-method': 'POST' }
    })
    expect([preflight.status, preflight.headers.get('access-control-allow-origin')]).toEqual([204, 'https://shop.test'])
    expect((await api(relay, admin.cookie)('GET', '/api/tickets')).body.tickets).toEqual([])
  })
})
