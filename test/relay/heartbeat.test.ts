import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../protocol/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

describe('heartbeats and shutdown', () => {
  let relay: TestRelay | undefined
  afterEach(() => relay?.close())

  it('stops counting an agent whose connection went silent', async () => {
    // A long grace period proves the silent socket is dropped without it.
    relay = await startTestRelay({ heartbeatMs: 100, agentGraceMs: 60_000 })
    const alice = await relay.agent('Alice')
    // autoPong off: the socket stays open but never answers a ping, like a closed laptop's.
    const { client: agent } = await relay.agentSocket(alice.cookie, { autoPong: false })
    agent.send({ type: 'status', on: true })
    const { client: customer, welcome } = await relay.customerSocket()
    if (!welcome.available) expect((await customer.next('availability')).available).toBe(true)
    expect((await customer.next('availability')).available).toBe(false)
    expect((await agent.closed).code).toBe(1006)
  })

  it('keeps an agent whose browser answers pings', async () => {
    relay = await startTestRelay({ heartbeatMs: 50 })
    const alice = await relay.agent('Alice')
    const { client: agent } = await relay.agentSocket(alice.cookie)
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
    await new Promise((r) => setTimeout(r, 400))
    expect(relay.app.parley.hub.isAvailable()).toBe(true)
  })

  it('tells clients to reconnect (1012) when the relay shuts down', async () => {
    const r = await startTestRelay()
    const { client } = await r.customerSocket()
    await r.close()
    expect((await client.closed).code).toBe(CLOSE.restart)
  })
})
