import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryBus } from '../../relay/bus/memory-bus.js'
import { applyPanelDelta, checkSummary, type VersionedPanel } from '../../protocol/index.js'
import { makeConfig } from '../../relay/config.js'
import { topics, type HubEvent } from '../../relay/hub/events.js'
import { createHub, type Hub } from '../../relay/hub/hub.js'
import { openSqliteStore } from '../../relay/store/sqlite-store.js'
import type { Store } from '../../relay/store/store.js'

const text = (t: string) => [{ type: 'text' as const, text: t }]

describe('hub', () => {
  let store: Store
  let hub: Hub
  let events: [string, HubEvent][]
  let clock: number
  let alice: string
  let bob: string

  beforeEach(async () => {
    store = openSqliteStore(':memory:')
    const bus = createMemoryBus()
    events = []
    for (const t of ['customers', 'agents']) bus.subscribe(t, (e) => events.push([t, e]))
    clock = 1_000
    hub = createHub({ store, bus, config: makeConfig({ agentGraceMs: 10_000 }), now: () => clock++ })
    await hub.init()
    const mk = (email: string, maxChats: number) =>
      store.createAgent({ email, name: email, displayName: email.split('@')[0]!, role: 'agent', passwordHash: 'x', maxChats })
    alice = (await mk('alice@x.test', 2)).id
    bob = (await mk('bob@x.test', 2)).id
  })
  afterEach(async () => {
    hub.close()
    await store.close()
  })

  const online = async (id: string) => {
    hub.agentConnected(id)
    await hub.setStatus(id, true)
  }
  const start = (id: string) => hub.startChat({ id, parts: text(id), visitor: {} })

  it('is available only while an agent is on and connected', async () => {
    expect(hub.isAvailable()).toBe(false)
    await hub.setStatus(alice, true)
    expect(hub.isAvailable()).toBe(false)
    hub.agentConnected(alice)
    await hub.setStatus(alice, true)
    expect(hub.isAvailable()).toBe(true)
    await hub.setStatus(alice, false)
    expect(hub.isAvailable()).toBe(false)
    expect(events.filter(([t]) => t === 'customers').map(([, e]) => (e as { available: boolean }).available)).toEqual([true, false])
  })

  it('queues chats oldest first with their positions', async () => {
    await online(alice)
    const a = await start('first')
    const b = await start('second')
    const c = await start('third')
    expect((await hub.panel()).waiting.map((w) => w.id)).toEqual([a.chat.id, b.chat.id, c.chat.id])
    expect([a.view.position, b.view.position, c.view.position]).toEqual([1, 2, 3])
  })

  it('assigns a chat to the agent who answers and moves it to chatting', async () => {
    await online(alice)
    const { chat } = await start('hello')
    const summary = await hub.accept(alice, chat.id)
    expect(summary).toMatchObject({ status: 'active', agentId: alice, agentName: 'alice' })
    const p = await hub.panel()
    expect(p.waiting).toHaveLength(0)
    expect(p.chatting.map((c) => c.id)).toEqual([chat.id])
    expect(p.agents).toEqual([{ id: alice, name: 'alice', on: true, chats: 1, maxChats: 2, rev: expect.any(Number) }])
    await expect(hub.accept(bob, chat.id)).rejects.toMatchObject({ code: 'PARLEY_ERR_TAKEN' })
  })

  it('refuses to answer beyond the maximum simultaneous chats', async () => {
    await online(alice)
    const chats = [await start('a'), await start('b'), await start('c')]
    await hub.accept(alice, chats[0]!.chat.id)
    await hub.accept(alice, chats[1]!.chat.id)
    await expect(hub.accept(alice, chats[2]!.chat.id)).rejects.toMatchObject({ code: 'PARLEY_ERR_MAX_CHATS' })
  })

  it('ends a chat, records who ended it and frees the agent', async () => {
    await online(alice)
    const { chat } = await start('hello')
    await hub.accept(alice, chat.id)
    await hub.agentEnd(alice, chat.id)
    const messages = await hub.history(chat.id, 0)
    expect(messages.at(-1)).toMatchObject({ from: 'system', event: 'ended', name: 'alice' })
    expect((await hub.panel()).agents[0]!.chats).toBe(0)
    await expect(hub.customerSend(chat.id, { id: 'late', parts: text('hi') })).rejects.toMatchObject({ code: 'PARLEY_ERR_ENDED' })
  })

  it('starts from the chats already open after a restart and sends their changes as deltas that apply', async () => {
    await online(alice)
    const { chat } = await start('before the restart')
    hub.close()
    const bus = createMemoryBus()
    hub = createHub({ store, bus, config: makeConfig({ agentGraceMs: 10_000, panelCoalesceMs: 0 }), now: () => clock++ })
    await hub.init()
    let held: VersionedPanel = hub.panelSnapshot()
    expect(held.panel.waiting.map((w) => w.id)).toEqual([chat.id])
    bus.subscribe(topics.agents, (e) => {
      if (e.kind !== 'panelDelta') return
      const next = applyPanelDelta(held, e.delta, checkSummary)
      if (next === 'gap' || next === 'stale') throw new Error('delta did not apply: ' + next)
      held = next
    })
    await hub.updateChat(chat.id, { title: 'Renamed after the restart' })
    expect(hub.panelSnapshot()).toEqual(held)
    expect(held.panel.waiting[0]!.title).toBe('Renamed after the restart')
  })

  it('refuses a second chat while one is in progress for the same visitor', async () => {
    await online(alice)
    const first = await start('hello')
    await expect(hub.startChat({ token: first.token, id: 'other', parts: text('again'), visitor: {} })).rejects.toMatchObject({
      code: 'PARLEY_ERR_CHAT_EXISTS'
    })
    const resent = await hub.startChat({ token: first.token, id: 'hello', parts: text('hello'), visitor: {} })
    expect(resent.chat.id).toBe(first.chat.id)
    expect(resent.message.seq).toBe(1)
  })
})
