// The transcript as text over real HTTP (issue 12): GET /api/transcript with the visitor's token
// gives their own chat as a text/plain attachment, never an internal note; another token gets
// only its own chat, an unknown or missing one 401; transcripts off is not_offered.
import { afterEach, describe, expect, it } from 'vitest'
import { api, onlineAgent, text, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const base = { allowedOrigins: ['https://shop.test'], widgetTitle: 'Shop help', widgetColor: '#0b5fff', greeting: '' }

let relay: TestRelay
afterEach(() => relay?.close())

const download = (token?: string, origin = 'https://shop.test') =>
  fetch(relay.url + '/api/transcript', { headers: { origin, ...(token ? { 'x-parley-token': token } : {}) } })

describe('transcript download', () => {
  it("gives the visitor their own chat as text, without internal notes; no one else's", async () => {
    relay = await startTestRelay()
    const agent = await onlineAgent(relay, 'Ann', 'admin')
    await api(relay, agent.cookie)('PUT', '/api/site', { ...base, transcripts: true })
    const olga = await waitingCustomer(relay, 'Olga asks about parcel 4711')
    agent.client.send({ type: 'accept', chatId: olga.chatId })
    await olga.client.next('chat', (f) => f.chat.status === 'active')
    agent.client.send({ type: 'note', chatId: olga.chatId, id: 'n1', text: 'SECRET-NOTE check her refunds' })
    await agent.client.next('note')
    agent.client.send({ type: 'send', chatId: olga.chatId, id: 'a1', parts: text('It ships tomorrow') })
    await olga.client.next('message', (f) => f.message.from === 'agent')
    const piet = await waitingCustomer(relay, 'Piet wants a refund')

    const res = await download(olga.token)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="chat-\d{4}-\d\d-\d\d\.txt"$/)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.test')
    const body = await res.text()
    expect(body).toMatch(/^Shop help — /)
    expect(body).toContain('You: Olga asks about parcel 4711')
    expect(body).toContain('Ann: It ships tomorrow')
    expect(body).not.toContain('SECRET-NOTE')
    expect(body).not.toContain('Piet')

    const other = await (await download(piet.token)).text()
    expect(other).toContain('Piet wants a refund')
    expect(other).not.toContain('Olga')
    const unknown = await download('x'.repeat(32))
    expect([unknown.status, ((await unknown.json()) as { code: string }).code]).toEqual([401, 'unauthorized'])
    expect((await download()).status).toBe(401)
    expect((await download(olga.token, 'https://evil.test')).status).toBe(403)
  })

  it('is not offered while transcripts are off', async () => {
    relay = await startTestRelay()
    const agent = await onlineAgent(relay, 'Ann', 'admin')
    await api(relay, agent.cookie)('PUT', '/api/site', { ...base, transcripts: false })
    const olga = await waitingCustomer(relay, 'Hello')
    const res = await download(olga.token)
    expect([res.status, ((await res.json()) as { code: string }).code]).toEqual([403, 'not_offered'])
  })
})
