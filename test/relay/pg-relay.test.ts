// The whole relay on the PostgreSQL store: a chat from start to archive, over real sockets.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HIGHLIGHT } from '../../protocol/index.js'
import { openPgStore } from '../../relay/store/pg-store.js'
import { customerSendsToAgent, onlineAgent, text } from '../helpers/flows.js'
import type { PanelWatch } from '../helpers/panel-watch.js'
import { freshSchema, skipWithoutPg, type TestSchema } from '../helpers/pg.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'

const skip = await skipWithoutPg('relay on PostgreSQL')

describe.skipIf(skip)('the relay on PostgreSQL', () => {
  let schema: TestSchema
  let relay: TestRelay
  let agent: TestClient
  let cookie: string
  let panel: PanelWatch
  beforeEach(async () => {
    schema = await freshSchema()
    relay = await startTestRelay({}, { store: await openPgStore({ url: schema.url, exclusive: true }) })
    const alice = await onlineAgent(relay, 'Alice Example')
    cookie = alice.cookie
    agent = alice.client
    panel = alice.panel
  })
  afterEach(async () => {
    await relay.close()
    await schema.drop()
  })

  it('carries a chat from start to the archive and a ticket', async () => {
    const { client: customer } = await relay.customerSocket({ visitor: { url: 'http://shop.test/', lang: 'en' } })
    customer.send({ type: 'start', id: 'c1', parts: text('Where is my Bestellung?') })
    expect((await customer.next('started')).chat).toMatchObject({ status: 'waiting', position: 1 })
    expect(await customer.next('ack')).toMatchObject({ id: 'c1', seq: 1 })
    const waiting = (await panel.until((p) => p.waiting.length === 1)).waiting[0]!

    agent.send({ type: 'accept', chatId: waiting.id })
    expect((await agent.next('history')).messages.map((m: any) => m.seq)).toEqual([1, 2])
    agent.send({ type: 'send', chatId: waiting.id, id: 'a1', parts: text('Let me look') })
    expect(await agent.next('ack')).toMatchObject({ id: 'a1', seq: 3 })
    expect((await customer.next('message', (f) => f.message.id === 'a1')).message.seq).toBe(3)
    expect(await customerSendsToAgent(customer, agent, ['one', 'two', 'three'])).toEqual([
      [4, 'one'],
      [5, 'two'],
      [6, 'three']
    ])
    // A resend after a lost ack is answered with the stored seq, not stored twice.
    customer.send({ type: 'send', id: 'c2', parts: text('one') })
    expect(await customer.next('ack', (f) => f.id === 'c2')).toMatchObject({ seq: 4 })

    customer.send({ type: 'end' })
    await agent.next('chat', (f) => f.chat.status === 'ended')
    const ticket = await fetch(`${relay.url}/api/chats/${waiting.id}/ticket`, { method: 'POST', headers: { cookie } })
    expect(ticket.status).toBe(201)
    expect(((await ticket.json()) as any).ticket.number).toBe(1)
    const found = (await (await fetch(`${relay.url}/api/archive?q=bestell`, { headers: { cookie } })).json()) as any
    expect(found.hits.map((h: any) => h.snippet)).toEqual(['Where is my ' + HIGHLIGHT.start + 'Bestellung' + HIGHLIGHT.end])
  })

  it('refuses a second relay node on the same database', async () => {
    await expect(openPgStore({ url: schema.url, exclusive: true })).rejects.toThrow(/another relay node is already running/)
  })
})
