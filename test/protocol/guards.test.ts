import { describe, expect, it } from 'vitest'
import { parseAgentMsg, parseCustomerMsg, parseRelayToAgent, parseRelayToCustomer, WIRE } from '../../protocol/index.js'

const text = (t: string) => [{ type: 'text', text: t }]

describe('parseCustomerMsg', () => {
  const valid: [string, unknown][] = [
    ['a minimal hello', { type: 'hello', v: 1 }],
    ['a hello resuming a session', { type: 'hello', v: 1, token: 'abc', after: 12, visitor: { url: 'https://shop.test/', lang: 'de', tz: 'Europe/Berlin' } }],
    ['a start with text', { type: 'start', id: 'm-1', parts: text('Hello') }],
    ['a send with an image', { type: 'send', id: 'm_2', parts: [{ type: 'image', id: 'img1', mime: 'image/png', width: 10, height: 20 }] }],
    ['typing with a draft', { type: 'typing', on: true, text: 'Hel' }],
    ['end', { type: 'end' }],
    ['sync', { type: 'sync', after: 0 }],
    ['page', { type: 'page', url: 'https://shop.test/cart' }]
  ]
  it.each(valid)('accepts %s', (_name, frame) => {
    const r = parseCustomerMsg(JSON.stringify(frame))
    expect(r).toEqual({ ok: true, value: frame })
  })

  const invalid: [string, unknown, RegExp][] = [
    ['not an object', [1, 2], /frame must be an object/],
    ['an unknown type', { type: 'accept', chatId: 'x' }, /unknown frame type/],
    ['a hello without version', { type: 'hello' }, /v must be/],
    ['a negative after', { type: 'hello', v: 1, after: -1 }, /after must be/],
    ['a fractional seq', { type: 'sync', after: 1.5 }, /after must be/],
    ['a send without id', { type: 'send', parts: text('x') }, /id must be/],
    ['an id with spaces', { type: 'send', id: 'a b', parts: text('x') }, /id must be/],
    ['an id too long', { type: 'send', id: 'x'.repeat(65), parts: text('x') }, /id must be/],
    ['empty parts', { type: 'send', id: 'a', parts: [] }, /must not be empty/],
    ['only blank text', { type: 'send', id: 'a', parts: text('   ') }, /must not be empty/],
    ['parts not a list', { type: 'send', id: 'a', parts: 'hi' }, /parts must be a list/],
    ['too many parts', { type: 'send', id: 'a', parts: Array(WIRE.parts + 1).fill(text('x')[0]) }, /at most/],
    ['text too long', { type: 'send', id: 'a', parts: text('x'.repeat(WIRE.textChars + 1)) }, /text must be a string/],
    ['an svg image', { type: 'send', id: 'a', parts: [{ type: 'image', id: 'i', mime: 'image/svg+xml', width: 1, height: 1 }] }, /mime must be one of/],
    ['a typing without on', { type: 'typing' }, /on must be a boolean/],
    ['a string number', { type: 'sync', after: '3' }, /after must be/]
  ]
  it.each(invalid)('refuses %s', (_name, frame, reason) => {
    const r = parseCustomerMsg(JSON.stringify(frame))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(reason)
  })

  it('refuses text that is not JSON', () => {
    expect(parseCustomerMsg('{nope')).toEqual({ ok: false, error: 'frame is not valid JSON' })
  })

  it('drops unknown fields and __proto__ keys when it rebuilds a frame', () => {
    const r = parseCustomerMsg('{"type":"send","id":"a","parts":[{"type":"text","text":"x","html":"<b>"}],"admin":true,"__proto__":{"polluted":1}}')
    expect(r).toEqual({ ok: true, value: { type: 'send', id: 'a', parts: [{ type: 'text', text: 'x' }] } })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('does not let a customer express an agent action', () => {
    expect(parseCustomerMsg({ type: 'accept', chatId: 'abc' }).ok).toBe(false)
    expect(parseCustomerMsg({ type: 'status', on: true }).ok).toBe(false)
  })
})

describe('parseAgentMsg', () => {
  it.each([
    [{ type: 'hello', v: 1 }],
    [{ type: 'status', on: false }],
    [{ type: 'accept', chatId: 'c1' }],
    [{ type: 'send', chatId: 'c1', id: 'm1', parts: text('Hi') }],
    [{ type: 'typing', chatId: 'c1', on: true }],
    [{ type: 'end', chatId: 'c1' }],
    [{ type: 'sync', chatId: 'c1', after: 4 }]
  ])('accepts %j', (frame) => {
    expect(parseAgentMsg(frame)).toEqual({ ok: true, value: frame })
  })

  it.each([
    [{ type: 'accept' }],
    [{ type: 'accept', chatId: '../etc' }],
    [{ type: 'send', chatId: 'c1', id: 'm1' }],
    [{ type: 'status', on: 'yes' }],
    [{ type: 'start', id: 'm1', parts: text('x') }]
  ])('refuses %j', (frame) => {
    expect(parseAgentMsg(frame).ok).toBe(false)
  })
})

describe('relay frames', () => {
  const message = { id: 'm1', chatId: 'c1', seq: 1, from: 'agent', name: 'Alice', parts: text('Hi'), at: 1700000000000 }
  it('accepts a welcome with a chat and messages', () => {
    const f = { type: 'welcome', v: 1, available: true, chat: { id: 'c1', status: 'active', agentName: 'Alice', lastSeq: 1 }, messages: [message] }
    expect(parseRelayToCustomer(f)).toEqual({ ok: true, value: f })
  })
  it('refuses a message with an unknown author', () => {
    expect(parseRelayToCustomer({ type: 'message', message: { ...message, from: 'root' } }).ok).toBe(false)
  })
  it('accepts a panel snapshot for agents', () => {
    const chat = {
      id: 'c1',
      status: 'waiting',
      title: 'Hello',
      customer: { verified: [] },
      createdAt: 1,
      firstText: 'Hello',
      lastSeq: 1,
      tags: [],
      visitor: { url: 'https://shop.test/' }
    }
    const f = { type: 'panel', pv: 3, panel: { waiting: [chat], chatting: [], agents: [{ id: 'a1', name: 'Alice', on: true, chats: 0, maxChats: 4 }] } }
    expect(parseRelayToAgent(f)).toEqual({ ok: true, value: f })
    expect(parseRelayToAgent({ ...f, pv: -1 }).ok).toBe(false)
    expect(parseRelayToAgent({ type: 'panel', panel: f.panel }).ok).toBe(false)
  })
  it('accepts a panel delta and rebuilds it from known fields only', () => {
    const chat = {
      id: 'c2',
      status: 'waiting',
      title: 'Hi',
      customer: { verified: [] },
      createdAt: 1,
      firstText: 'Hi',
      lastSeq: 1,
      tags: [],
      visitor: {},
      queuedAt: 1,
      rev: 8
    }
    const f = {
      type: 'panelDelta',
      from: 7,
      pv: 8,
      chats: [chat],
      patches: [{ id: 'c1', rev: 8, patch: { title: 'Renamed', agentId: null, tags: ['vip'], attributes: { plan: 'pro', old: null } } }],
      goneChats: [{ id: 'c3', rev: 8 }],
      agents: [{ id: 'a1', name: 'Alice', on: true, chats: 1, maxChats: 4, rev: 8 }],
      goneAgents: [{ id: 'a2', rev: 8 }]
    }
    expect(parseRelayToAgent(f)).toEqual({ ok: true, value: f })
    expect(parseRelayToAgent({ type: 'panelDelta', from: 1, pv: 2, extra: 'dropped' })).toEqual({ ok: true, value: { type: 'panelDelta', from: 1, pv: 2 } })
  })
  it('refuses panel deltas without versions or with malformed entries', () => {
    for (const bad of [
      { type: 'panelDelta', pv: 2 },
      { type: 'panelDelta', from: 1, pv: 'two' },
      { type: 'panelDelta', from: 1, pv: 2, goneChats: [{ id: 'c1' }] },
      { type: 'panelDelta', from: 1, pv: 2, patches: [{ id: 'c1', rev: 2, patch: 'title' }] },
      { type: 'panelDelta', from: 1, pv: 2, patches: [{ id: 'c1', rev: 2, patch: { a: { b: { c: { d: 'too deep' } } } } }] },
      { type: 'panelDelta', from: 1, pv: 2, patches: [{ id: 'c1', rev: 2, patch: { title: { length: 1e9 }, n: 1.5 } }] },
      { type: 'panelDelta', from: 1, pv: 2, agents: [{ id: 'a1', name: 'A', on: true, chats: 0 }] }
    ])
      expect(parseRelayToAgent(bad).ok, JSON.stringify(bad)).toBe(false)
  })
  it('keeps a patched attribute named __proto__ as data', () => {
    const parsed = parseRelayToAgent('{"type":"panelDelta","from":1,"pv":2,"patches":[{"id":"c1","rev":2,"patch":{"attributes":{"__proto__":"x"}}}]}')
    expect(parsed.ok).toBe(true)
    const patch = parsed.ok && parsed.value.type === 'panelDelta' ? parsed.value.patches![0]!.patch : {}
    expect(Object.keys(patch.attributes as object)).toEqual(['__proto__'])
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })
})

describe('agent frames: snapshot', () => {
  it('accepts a request for the whole panel', () => {
    expect(parseAgentMsg({ type: 'snapshot', extra: 1 })).toEqual({ ok: true, value: { type: 'snapshot' } })
  })
})
