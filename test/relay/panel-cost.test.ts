// What a panel change costs agents and waiting customers over real sockets: bytes in proportion to
// the change, whatever the queue length, and no frame to a customer whose position did not move.
// Also the replay of the denial of service from issue 8 (huge attributes on 30 waiting customers,
// then many small attribute changes), which used to cost every agent 66 MB and cut off a healthy one.
import { afterEach, describe, expect, it } from 'vitest'
import { watchPanel, type PanelWatch } from '../helpers/panel-watch.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'

const text = (t: string) => [{ type: 'text', text: t }]

/** Limits raised for one machine playing hundreds of customers from one address. */
const crowd = {
  maxQueueLength: 1000,
  maxSocketsPerIp: 1000,
  maxNewChatsPerMinutePerIp: 10_000,
  maxFramesPerSecondPerIp: 100_000,
  maxLoginsPerMinutePerIp: 1000
}

/** Counts the bytes and frames a socket receives. */
const meter = (client: TestClient) => {
  const m = { bytes: 0, frames: 0 }
  client.ws.on('message', (data: Buffer) => {
    m.bytes += data.length
    m.frames++
  })
  return m
}

/** Every frame sent to `client` before now has arrived once this resolves (frames on one socket keep their order). */
const drained = async (client: TestClient) => {
  client.send({ type: 'ping' })
  await client.next('pong', undefined, 20_000)
}

const inBatches = async <T>(items: T[], size: number, work: (t: T) => Promise<void>) => {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work))
}

describe('panel cost', () => {
  let relay: TestRelay
  afterEach(() => relay.close())

  const agents = async (n: number) => {
    const out: { client: TestClient; panel: PanelWatch; meter: { bytes: number; frames: number } }[] = []
    for (let i = 0; i < n; i++) {
      const { cookie } = await relay.agent(`Agent ${i}`)
      const { client, welcome } = await relay.agentSocket(cookie)
      out.push({ client, panel: watchPanel(client, welcome), meter: meter(client) })
    }
    out[0]!.client.send({ type: 'status', on: true })
    await out[0]!.client.next('me', (f) => f.me.on)
    return out
  }

  const waitingCustomers = async (n: number, tag: string) => {
    const out: { client: TestClient; meter: { bytes: number; frames: number } }[] = []
    await inBatches([...Array(n).keys()], 25, async (i) => {
      const { client } = await relay.customerSocket()
      const m = meter(client)
      client.send({ type: 'start', id: `${tag}${i}`, parts: text(`question ${i}`) })
      await client.next('started', undefined, 20_000)
      out.push({ client, meter: m })
    })
    return out
  }

  it('costs each of 10 agents at most 1 KB for one new chat with 200 waiting, and sends nothing to the 200', async () => {
    relay = await startTestRelay(crowd)
    const team = await agents(10)
    const queue = await waitingCustomers(200, 'w')
    for (const a of team) await a.panel.until((p) => p.waiting.length === 200, 20_000)
    for (const a of [...team, ...queue]) await drained(a.client)
    const before = { agents: team.map((a) => a.meter.bytes), customers: queue.map((c) => c.meter.frames) }

    const { client: newcomer } = await relay.customerSocket()
    newcomer.send({ type: 'start', id: 'new', parts: text('one more') })
    const started = await newcomer.next('started')
    expect(started.chat.position).toBe(201)
    for (const a of team) await a.panel.until((p) => p.waiting.at(-1)?.id === started.chat.id, 20_000)
    for (const a of [...team, ...queue]) await drained(a.client)

    // A ping and its pong are 15 bytes of each agent's count.
    const perAgent = team.map((a, i) => a.meter.bytes - before.agents[i]! - JSON.stringify({ type: 'pong' }).length)
    expect(Math.max(...perAgent)).toBeLessThanOrEqual(1024)
    expect(Math.min(...perAgent)).toBeGreaterThan(200)
    const toWaiting = queue.map((c, i) => c.meter.frames - before.customers[i]! - 1)
    expect(toWaiting.filter((n) => n !== 0)).toEqual([])
    for (const a of team) expect(a.panel.gaps()).toBe(0)
  }, 120_000)

  it('replays the attribute attack: huge attributes are refused, small changes cost each agent under 1 KB, and a healthy agent stays connected', async () => {
    relay = await startTestRelay(crowd)
    const team = await agents(3)
    const queue = await waitingCustomers(30, 'a')
    for (const a of team) await a.panel.until((p) => p.waiting.length === 30, 20_000)

    // 30 waiting customers × 50 attributes × 1,000 characters: each refused, naming what was refused.
    const huge = Object.fromEntries([...Array(50).keys()].map((i) => [`attr${i}`, 'x'.repeat(1000)]))
    for (const c of queue) c.client.send({ type: 'attributes', attributes: huge })
    for (const c of queue) {
      const refused = await c.client.next('error', undefined, 20_000)
      expect(refused.code).toBe('too_large')
      expect(refused.message).toMatch(/setAttributes.*2048 characters/)
    }
    for (const a of [...team, ...queue]) await drained(a.client)
    const before = team.map((a) => a.meter.bytes)

    // Then 38 small attribute frames, one change each.
    for (let i = 0; i < 38; i++) {
      const c = queue[i % queue.length]!
      c.client.send({ type: 'attributes', attributes: { step: String(i) } })
      await drained(c.client)
      for (const a of team) await a.panel.until((p) => p.waiting.some((w) => w.attributes?.step === String(i)), 20_000)
    }
    for (const a of team) await drained(a.client)
    const perAgentPerChange = team.map((a, i) => (a.meter.bytes - before[i]! - 15) / 38)
    expect(Math.max(...perAgentPerChange)).toBeLessThanOrEqual(1024)

    // Nobody was cut off, and each panel is exactly the relay's.
    const snapshot = relay.app.parley.hub.panelSnapshot()
    for (const a of team) {
      expect(a.client.ws.readyState).toBe(a.client.ws.OPEN)
      expect(a.panel.get()).toEqual(snapshot)
      expect(a.panel.gaps()).toBe(0)
    }
    expect(snapshot.panel.waiting.every((w) => JSON.stringify(w.attributes ?? {}).length < 100)).toBe(true)
  }, 120_000)
})
