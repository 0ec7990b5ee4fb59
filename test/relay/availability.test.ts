import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const text = (t: string) => [{ type: 'text', text: t }]

describe('availability', () => {
  let relay: TestRelay
  beforeEach(async () => {
    relay = await startTestRelay()
  })
  afterEach(() => relay.close())

  it('reports no agent online to a new customer', async () => {
    const { welcome } = await relay.customerSocket()
    expect(welcome.available).toBe(false)
    expect(welcome.chat).toBeNull()
  })

  it('pushes availability to customers when an agent switches on and off', async () => {
    const { client: customer } = await relay.customerSocket()
    const alice = await relay.agent('Alice')
    const { client: agent } = await relay.agentSocket(alice.cookie)
    agent.send({ type: 'status', on: true })
    expect((await customer.next('availability')).available).toBe(true)
    agent.send({ type: 'status', on: false })
    expect((await customer.next('availability')).available).toBe(false)
  })

  it('does not count an agent who is on but has no console open', async () => {
    const alice = await relay.agent('Alice')
    const { client: agent } = await relay.agentSocket(alice.cookie)
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on === true)
    const { client: customer, welcome } = await relay.customerSocket()
    expect(welcome.available).toBe(true)
    agent.close()
    // after the grace period (200 ms in tests) the agent no longer counts
    expect((await customer.next('availability')).available).toBe(false)
  })

  it('keeps the on switch across reconnects', async () => {
    const alice = await relay.agent('Alice')
    const first = await relay.agentSocket(alice.cookie)
    first.client.send({ type: 'status', on: true })
    await first.client.next('me', (f) => f.me.on)
    first.client.close()
    const second = await relay.agentSocket(alice.cookie)
    expect(second.welcome.me.on).toBe(true)
  })

  it('refuses to start a chat while no agent is online', async () => {
    const { client } = await relay.customerSocket()
    client.send({ type: 'start', id: 'm1', parts: text('Hello') })
    const err = await client.next('error')
    expect(err).toMatchObject({ code: 'unavailable', ref: 'm1' })
    expect(await relay.app.parley.store.listChats('waiting')).toHaveLength(0)
  })
})
