// Regression: the webhook signature covered the body only, so a receiver could not refuse an old
// delivery sent again. Deliveries are now signed in the Standard Webhooks scheme; this receiver
// verifies them exactly as README's "Webhooks" shows, on a real loopback port.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import { afterEach, describe, expect, it } from 'vitest'
import { api, onlineAgent, text, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const SECRET = 'whsec_' + Buffer.from('a receiver and a relay share these 32 bytes').toString('base64')

/** README's receiver, with its clock as a parameter so the test can move it. */
const receiver = (secret: string, clockMs: () => number) => {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
  const seen = new Map<string, number>()
  return (headers: IncomingHttpHeaders, rawBody: string): string | null => {
    const id = headers['webhook-id'] as string | undefined
    const ts = headers['webhook-timestamp'] as string | undefined
    if (!id || !/^\d+$/.test(ts ?? '') || Math.abs(clockMs() / 1000 - Number(ts)) > 300) return 'stale'
    const want = createHmac('sha256', key).update(`${id}.${ts}.${rawBody}`).digest()
    const ok = ((headers['webhook-signature'] as string | undefined) ?? '').split(' ').some((s) => {
      const got = Buffer.from(s.slice(3), 'base64')
      return s.startsWith('v1,') && got.length === want.length && timingSafeEqual(got, want)
    })
    if (!ok) return 'bad signature'
    if (seen.has(id)) return 'replay'
    seen.set(id, clockMs())
    return null
  }
}

describe('webhook deliveries', () => {
  let relay: TestRelay
  let hook: Server
  afterEach(async () => {
    await relay.close()
    await new Promise((r) => hook.close(r))
  })

  it('are signed so that a receiver refuses a replay: a seen id, an old timestamp or a changed body', async () => {
    let clockShiftMs = 0
    const verify = receiver(SECRET, () => Date.now() + clockShiftMs)
    const deliveries: { headers: IncomingHttpHeaders; body: string; verdict: string | null }[] = []
    let delivered!: () => void
    const first = new Promise<void>((r) => (delivered = r))
    hook = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const verdict = verify(req.headers, body)
        deliveries.push({ headers: req.headers, body, verdict })
        res.writeHead(verdict ? 401 : 204).end()
        if (!verdict) delivered()
      })
    })
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r))
    const port = (hook.address() as { port: number }).port
    relay = await startTestRelay({ webhookUrl: `http://127.0.0.1:${port}/hook`, webhookSecret: SECRET, webhookPollMs: 20 })

    const alice = await onlineAgent(relay, 'Alice')
    const { client: customer, chatId } = await waitingCustomer(relay, 'My parcel is late')
    alice.client.send({ type: 'accept', chatId })
    await customer.next('chat', (f) => f.chat.status === 'active')
    alice.client.send({ type: 'send', chatId, id: 'a1', parts: text('Sorry, I will look.') })
    alice.client.send({ type: 'end', chatId })
    await customer.next('chat', (f) => f.chat.status === 'ended')
    const { body } = await api(relay, alice.cookie)('POST', `/api/chats/${chatId}/ticket`)
    await first
    const [ok] = deliveries
    expect(ok!.verdict).toBeNull()
    expect(ok!.headers['webhook-id']).toBe(`msg_ticket_${body.ticket.id}`)
    expect(ok!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)

    // An attacker who captured the request sends it again, byte for byte.
    const replay = (headers: IncomingHttpHeaders, payload: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path: '/hook', method: 'POST', headers }, (res) => resolve(res.statusCode ?? 0))
        req.on('error', reject)
        req.end(payload)
      })
    const headers = {
      'content-type': 'application/json',
      ...Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, ok!.headers[h] as string]))
    }
    expect(await replay(headers, ok!.body)).toBe(401)
    expect(deliveries.at(-1)!.verdict).toBe('replay')
    // Later, once the receiver forgot the id, the timestamp gives it away.
    clockShiftMs = 10 * 60_000
    expect(await replay({ ...headers, 'webhook-id': ok!.headers['webhook-id'] as string }, ok!.body)).toBe(401)
    expect(deliveries.at(-1)!.verdict).toBe('stale')
    clockShiftMs = 0
    // A fresh timestamp or id cannot be signed without the secret.
    expect(await replay({ ...headers, 'webhook-id': 'msg_other' }, ok!.body)).toBe(401)
    expect(deliveries.at(-1)!.verdict).toBe('bad signature')
    expect(await replay(headers, ok!.body.replace('My parcel is late', 'Refund me twice'))).toBe(401)
    expect(deliveries.at(-1)!.verdict).toBe('bad signature')
  })
})
