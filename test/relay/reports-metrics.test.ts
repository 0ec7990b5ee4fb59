// GET /metrics: off without a token, guarded by it, and a scrape that parses as the Prometheus text
// format with the figures a real chat produced (sockets, chats, messages, latencies).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const TOKEN = 'scrape-me-0123456789abcdef'
const text = (t: string) => [{ type: 'text' as const, text: t }]

/** Samples of a Prometheus text exposition: `name{labels}` → value; every line must parse. */
const parse = (body: string): Map<string, number> => {
  const out = new Map<string, number>()
  for (const line of body.split('\n')) {
    if (!line || line.startsWith('#')) continue
    // prom-client writes a gauge without samples yet (the event-loop lag right after start) as `Nan`,
    // which Prometheus reads case-insensitively as NaN.
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (-?[\d.e+-]+|NaN|Nan|[+-]Inf)$/.exec(line)
    if (!m) throw new Error('not Prometheus text: ' + line)
    out.set(m[1]!, /^nan$/i.test(m[2]!) ? Number.NaN : Number(m[2]))
  }
  return out
}

describe('metrics', () => {
  let relay: TestRelay
  const scrape = (auth?: string) => fetch(relay.url + '/metrics', auth ? { headers: { authorization: auth } } : {})

  beforeAll(async () => {
    relay = await startTestRelay({ metricsToken: TOKEN })
    const alice = await relay.agent('Alice')
    const { client: agent } = await relay.agentSocket(alice.cookie)
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'start', id: 'c1', parts: text('Hello') })
    const started = await customer.next('started')
    agent.send({ type: 'accept', chatId: started.chat.id })
    await customer.next('chat', (f) => f.chat.status === 'active')
    agent.send({ type: 'send', chatId: started.chat.id, id: 'a1', parts: text('Hi there') })
    await customer.next('message', (f) => f.message.id === 'a1')
    // A second customer waits.
    const { client: other } = await relay.customerSocket()
    other.send({ type: 'start', id: 'o1', parts: text('Anyone?') })
    await other.next('started')
    await fetch(relay.url + '/api/archive?q=hello', { headers: { cookie: alice.cookie } })
  }, 60_000)
  afterAll(() => relay.close())

  it('needs the bearer token', async () => {
    expect((await scrape()).status).toBe(401)
    expect((await scrape('Bearer wrong-token-0123456789')).status).toBe(401)
    expect((await scrape('Bearer ' + TOKEN)).status).toBe(200)
  })

  it('reports sockets, chats, messages and latencies in the Prometheus text format', async () => {
    const res = await scrape('Bearer ' + TOKEN)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const m = parse(await res.text())
    expect(m.get('parley_open_sockets{kind="agent"}')).toBe(1)
    expect(m.get('parley_open_sockets{kind="customer"}')).toBe(2)
    expect(m.get('parley_chats{status="waiting"}')).toBe(1)
    expect(m.get('parley_chats{status="active"}')).toBe(1)
    // two first messages, joined, the agent's reply
    expect(m.get('parley_messages_stored_total')).toBeGreaterThanOrEqual(4)
    expect(m.get('parley_delivery_latency_seconds_count')).toBeGreaterThan(0)
    expect(m.get('parley_delivery_latency_seconds_bucket{le="+Inf"}')).toBe(m.get('parley_delivery_latency_seconds_count'))
    expect(m.get('parley_store_commit_seconds_count{op="appendMessage"}')).toBeGreaterThan(0)
    expect(m.get('parley_search_seconds_count')).toBe(1)
    expect(m.get('parley_webhook_failures_total')).toBe(0)
    expect(m.has('parley_nodejs_eventloop_lag_seconds')).toBe(true)
  })

  it('counts each failed webhook attempt, not the delivered one', async () => {
    const store = relay.app.parley.store
    await store.setWebhookResult('t1', { status: 'pending', attempts: 1, nextAt: Date.now() + 1000, error: 'ECONNREFUSED' })
    await store.setWebhookResult('t1', { status: 'failed', attempts: 2, error: 'ECONNREFUSED' })
    await store.setWebhookResult('t2', { status: 'delivered', attempts: 1 })
    const m = parse(await (await scrape('Bearer ' + TOKEN)).text())
    expect(m.get('parley_webhook_failures_total')).toBe(2)
  })
})

describe('metrics off', () => {
  it('answers 404 while PARLEY_METRICS_TOKEN is unset', async () => {
    const relay = await startTestRelay()
    try {
      const res = await fetch(relay.url + '/metrics', { headers: { authorization: 'Bearer anything-at-all-here' } })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { message: string }).message).toMatch(/PARLEY_METRICS_TOKEN/)
    } finally {
      await relay.close()
    }
  })
})
