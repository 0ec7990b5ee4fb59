// Transcript by email over a real SMTP server on loopback (issue 12): the visitor's `transcript`
// frame mails their chat (images as absolute links, never an internal note); offered only with
// SMTP configured and transcripts on; limited per IP per hour; a server that refuses is mail_failed.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { api, onlineAgent, text, waitingCustomer } from '../helpers/flows.js'
import { png } from '../helpers/images.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js'

const base = { allowedOrigins: [], widgetTitle: 'Shop help', widgetColor: '#0b5fff', greeting: '' }
let smtp: TestSmtp
beforeAll(async () => {
  // A mailbox the server refuses, to see mail_failed.
  smtp = await startTestSmtp({ refuse: (address) => address.startsWith('refused@') })
})
afterAll(() => smtp.close())

let relay: TestRelay
afterEach(() => relay?.close())

/** The mail's text as written (quoted-printable undone). */
const body = (data: string) => data.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))

/** An ended chat with a message each way, a customer's image and an agent's internal note. */
const endedChat = async (r: TestRelay) => {
  const agent = await onlineAgent(r, 'Ann', 'admin')
  const customer = await waitingCustomer(r, 'Where is my parcel')
  agent.client.send({ type: 'accept', chatId: customer.chatId })
  await customer.client.next('chat', (f) => f.chat.status === 'active')
  const up = await fetch(r.url + '/api/uploads', {
    method: 'POST',
    headers: { 'content-type': 'image/png', 'x-parley-token': customer.token },
    body: new Uint8Array(png(3, 3))
  })
  const image = (await up.json()).id as string
  customer.client.send({ type: 'send', id: 'c2', parts: [{ type: 'image', id: image, mime: 'image/png', width: 3, height: 3 }] })
  await customer.client.next('ack', (f) => f.id === 'c2')
  agent.client.send({ type: 'note', chatId: customer.chatId, id: 'n1', text: 'SECRET-NOTE refund suspicious' })
  await agent.client.next('note')
  agent.client.send({ type: 'send', chatId: customer.chatId, id: 'a1', parts: text('It left our warehouse today') })
  await customer.client.next('message', (f) => f.message.from === 'agent')
  agent.client.send({ type: 'end', chatId: customer.chatId })
  await customer.client.next('chat', (f) => f.chat.status === 'ended')
  return { agent, customer, image }
}

describe('transcript by email', () => {
  it('mails the chat as the visitor saw it, with image links and without internal notes', async () => {
    relay = await startTestRelay({ smtpUrl: smtp.url, mailFrom: 'Shop <support@shop.test>' })
    const admin = await relay.agent('Ada', { role: 'admin' })
    await api(relay, admin.cookie)('PUT', '/api/site', { ...base, transcripts: true })
    const { customer, image } = await endedChat(relay)
    expect((await relay.customerSocket()).welcome.site.transcript).toEqual({ email: true })
    smtp.mails.length = 0
    customer.client.send({ type: 'transcript', email: 'olga@example.com' })
    expect(await customer.client.next('transcript')).toEqual({ type: 'transcript', email: 'olga@example.com' })
    expect(smtp.mails).toHaveLength(1)
    expect(smtp.mails[0]!.to).toEqual(['olga@example.com'])
    const mail = body(smtp.mails[0]!.data)
    expect(mail).toMatch(/^Subject: Your chat transcript: Shop help$/m)
    expect(mail).toContain('You: Where is my parcel')
    expect(mail).toContain('Ann: It left our warehouse today')
    expect(mail).toContain(`You: ${relay.url}/uploads/${image}`)
    expect(mail).not.toContain('SECRET-NOTE')
    // The link works.
    expect((await fetch(`${relay.url}/uploads/${image}`)).status).toBe(200)
  })

  it('is not offered without SMTP or with transcripts off, and the welcome says so', async () => {
    relay = await startTestRelay()
    const admin = await relay.agent('Ada', { role: 'admin' })
    await api(relay, admin.cookie)('PUT', '/api/site', { ...base, transcripts: true })
    const { customer } = await endedChat(relay)
    expect((await relay.customerSocket()).welcome.site.transcript).toEqual({ email: false })
    customer.client.send({ type: 'transcript', email: 'olga@example.com' })
    expect((await customer.client.next('error')).code).toBe('not_offered')
    await relay.close()
    relay = await startTestRelay({ smtpUrl: smtp.url, mailFrom: 'support@shop.test' })
    const off = await endedChat(relay)
    expect((await relay.customerSocket()).welcome.site.transcript).toBeUndefined()
    off.customer.client.send({ type: 'transcript', email: 'olga@example.com' })
    expect((await off.customer.client.next('error')).code).toBe('not_offered')
  })

  it('tells admins in GET and PUT /api/site whether the relay can send email', async () => {
    for (const [config, mail] of [
      [{}, false],
      [{ smtpUrl: smtp.url, mailFrom: 'support@shop.test' }, true]
    ] as const) {
      relay = await startTestRelay(config)
      const admin = await relay.agent('Ada', { role: 'admin' })
      const saved = await api(relay, admin.cookie)('PUT', '/api/site', { ...base, transcripts: true })
      expect([saved.status, saved.body.mail, saved.body.site.transcripts]).toEqual([200, mail, true])
      const read = await api(relay, admin.cookie)('GET', '/api/site')
      expect([read.status, read.body.mail, read.body.site.transcripts]).toEqual([200, mail, true])
      await relay.close()
    }
  })

  it('refuses the (n+1)th mail per IP in an hour, and says mail_failed when the server refuses', async () => {
    relay = await startTestRelay({ smtpUrl: smtp.url, mailFrom: 'support@shop.test', maxTranscriptMailsPerHourPerIp: 2 })
    const admin = await relay.agent('Ada', { role: 'admin' })
    await api(relay, admin.cookie)('PUT', '/api/site', { ...base, transcripts: true })
    const { customer } = await endedChat(relay)
    customer.client.send({ type: 'transcript', email: 'refused@example.com' })
    expect((await customer.client.next('error')).code).toBe('mail_failed')
    customer.client.send({ type: 'transcript', email: 'olga@example.com' })
    await customer.client.next('transcript')
    customer.client.send({ type: 'transcript', email: 'olga@example.com' })
    expect((await customer.client.next('error')).code).toBe('rate_limited')
  })
})
