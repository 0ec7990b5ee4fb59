import { describe, expect, it } from 'vitest'
import { WIRE, type ChatMessage, type RelayToCustomer } from '../../protocol/index.js'
import { canOpen, compose, initialState, inProgress, newChat, offline, receive, retry, type ChatState, type Step } from '../../widget/state.js'
import { chat, msg, welcome } from './fakes.js'

const text = (t: string) => [{ type: 'text' as const, text: t }]

// Runs frames one after another and collects everything sent and committed.
const run = (s: ChatState, ...frames: RelayToCustomer[]): Step => {
  const all: Step = { s, out: [], fresh: [] }
  for (const f of frames) {
    const r = receive(all.s, f)
    all.s = r.s
    all.out.push(...r.out)
    all.fresh.push(...r.fresh)
  }
  return all
}

const online = (available = true) => receive(initialState, welcome(available)).s
const inChat = (lastSeq = 1, messages: ChatMessage[] = [msg(1, { from: 'customer' })]) =>
  receive(initialState, welcome(true, chat({ status: 'active', lastSeq }), messages)).s
const seqs = (s: ChatState) => s.messages.map((m) => m.seq)

describe('state: sending', () => {
  it('starts a chat with the first message and sends later ones into it', () => {
    const first = compose(online(), 'a', text('hi'), 1000)
    expect(first.out).toEqual([{ type: 'start', id: 'a', parts: text('hi') }])
    const started = run(first.s, { type: 'started', token: 't', chat: chat() }, { type: 'ack', id: 'a', seq: 1, at: 2000 })
    const second = compose(started.s, 'b', text('there'), 3000)
    expect(second.out).toEqual([{ type: 'send', id: 'b', parts: text('there') }])
  })

  it('shows an outgoing message as pending until its ack, then as sent with the relay time and seq', () => {
    const { s } = compose(online(), 'a', text('hi'), 1000)
    expect(s.messages).toMatchObject([{ id: 'a', sending: 'pending', seq: 0, at: 1000 }])
    const acked = run(s, { type: 'started', token: 't', chat: chat() }, { type: 'ack', id: 'a', seq: 1, at: 2000 })
    expect(acked.s.messages).toEqual([{ id: 'a', chatId: 'chat1', seq: 1, from: 'customer', parts: text('hi'), at: 2000 }])
    expect(acked.fresh.map((m) => m.id)).toEqual(['a'])
  })

  it('replaces the pending message with the broadcast copy instead of showing it twice', () => {
    const { s } = compose(inChat(), 'b', text('again'), 1000)
    const broadcast = msg(2, { id: 'b', from: 'customer', name: undefined, parts: text('again') })
    const r = run(s, { type: 'message', message: broadcast }, { type: 'ack', id: 'b', seq: 2, at: broadcast.at })
    expect(r.s.messages.map((m) => m.id)).toEqual(['m1', 'b'])
    expect(r.s.messages[1]).toEqual(broadcast)
    expect(r.fresh).toEqual([broadcast])
  })

  it('ignores an ack that comes after the broadcast', () => {
    const { s } = compose(inChat(), 'b', text('again'), 1000)
    const broadcast = msg(2, { id: 'b', from: 'customer' })
    const r = run(s, { type: 'ack', id: 'b', seq: 2, at: 5 }, { type: 'message', message: broadcast })
    expect(r.s.messages.map((m) => m.id)).toEqual(['m1', 'b'])
    expect(r.fresh.map((m) => m.id)).toEqual(['b'])
  })

  it('keeps messages written while the start is on its way until the chat exists', () => {
    const a = compose(online(), 'a', text('one'), 1)
    const b = compose(a.s, 'b', text('two'), 2)
    expect(b.out).toEqual([])
    const started = receive(b.s, { type: 'started', token: 't', chat: chat() })
    expect(started.out).toEqual([{ type: 'send', id: 'b', parts: text('two') }])
  })

  it('holds messages written while offline and sends them after the next welcome', () => {
    const s = offline(inChat())
    const r = compose(s, 'b', text('later'), 1)
    expect(r.out).toEqual([])
    expect(r.s.messages.at(-1)?.sending).toBe('pending')
    const back = receive(r.s, welcome(true, chat({ status: 'active', lastSeq: 1 })))
    expect(back.out).toEqual([{ type: 'send', id: 'b', parts: text('later') }])
  })

  it('resends unacked messages with the same id after a reconnect', () => {
    const sent = compose(inChat(), 'b', text('lost?'), 1)
    expect(sent.out).toEqual([{ type: 'send', id: 'b', parts: text('lost?') }])
    const back = receive(offline(sent.s), welcome(true, chat({ status: 'active', lastSeq: 1 })))
    expect(back.out).toEqual([{ type: 'send', id: 'b', parts: text('lost?') }])
  })

  it('resends an unconfirmed start as a start after a reconnect', () => {
    const sent = compose(online(), 'a', text('hello?'), 1)
    const back = receive(offline(sent.s), welcome(true))
    expect(back.out).toEqual([{ type: 'start', id: 'a', parts: text('hello?') }])
  })
})

describe('state: order and gaps', () => {
  it('keeps messages sorted by seq whatever order they arrive in', () => {
    const r = run(inChat(), { type: 'message', message: msg(3) }, { type: 'message', message: msg(2) }, { type: 'history', messages: [msg(5), msg(4)] })
    expect(seqs(r.s)).toEqual([1, 2, 3, 4, 5])
    expect(r.s.lastSeq).toBe(5)
  })

  it('keeps pending messages after the committed ones', () => {
    const { s } = compose(inChat(), 'p', text('pending'), 1)
    const r = receive(s, { type: 'message', message: msg(2) })
    expect(r.s.messages.map((m) => m.id)).toEqual(['m1', 'm2', 'p'])
  })

  it('asks for a sync from the last seq without a gap when a message skips a seq', () => {
    const r = receive(inChat(), { type: 'message', message: msg(4) })
    expect(r.out).toEqual([{ type: 'sync', after: 1 }])
    expect(r.s.lastSeq).toBe(1)
  })

  it('asks about one gap once', () => {
    const r = run(inChat(), { type: 'message', message: msg(4) }, { type: 'message', message: msg(5) })
    expect(r.out).toEqual([{ type: 'sync', after: 1 }])
  })

  it('fills the gap from the history frame', () => {
    const r = run(inChat(), { type: 'message', message: msg(4) }, { type: 'history', messages: [msg(2), msg(3), msg(4)] })
    expect(seqs(r.s)).toEqual([1, 2, 3, 4])
    expect(r.s.lastSeq).toBe(4)
    expect(r.fresh.map((m) => m.seq)).toEqual([4, 2, 3])
  })

  it('counts an ack as a seen seq when looking for gaps', () => {
    const { s } = compose(inChat(), 'b', text('x'), 1)
    const r = receive(s, { type: 'ack', id: 'b', seq: 3, at: 1 })
    expect(r.out).toEqual([{ type: 'sync', after: 1 }])
  })

  it('drops messages of a chat that is not on screen', () => {
    const r = receive(inChat(), { type: 'message', message: msg(2, { chatId: 'other' }) })
    expect(seqs(r.s)).toEqual([1])
    expect(r.fresh).toEqual([])
  })

  it('asks for what it missed after a reconnect from the last seq without a gap', () => {
    const s = run(inChat(), { type: 'message', message: msg(2) }).s
    expect(s.lastSeq).toBe(2)
    const back = receive(offline(s), welcome(true, chat({ status: 'active', lastSeq: 4 }), [msg(3), msg(4)]))
    expect(seqs(back.s)).toEqual([1, 2, 3, 4])
    expect(back.fresh.map((m) => m.seq)).toEqual([3, 4])
  })
})

describe('state: the chat', () => {
  it('follows the chat from waiting to active to ended', () => {
    const s = inChat()
    const active = receive(s, { type: 'chat', chat: chat({ status: 'active', agentName: 'Alice' }) }).s
    expect(active.chat?.agentName).toBe('Alice')
    const ended = receive(active, { type: 'chat', chat: chat({ status: 'ended' }) }).s
    expect(inProgress(ended)).toBe(false)
  })

  it('shows who is typing until their message arrives', () => {
    const typing = receive(inChat(), { type: 'typing', on: true, name: 'Alice' }).s
    expect(typing.typing).toBe('Alice')
    expect(receive(typing, { type: 'message', message: msg(2) }).s.typing).toBeUndefined()
  })

  it('marks the message failed and shows the code when the relay refuses it', () => {
    const { s } = compose(online(), 'a', text('hi'), 1)
    const r = receive(s, { type: 'error', code: 'unavailable', message: 'No agent', ref: 'a' })
    expect(r.s.messages[0]?.sending).toBe('failed')
    expect(r.s.notice).toBe('unavailable')
    expect(inProgress(r.s)).toBe(false)
  })

  it('sends a failed message again with the same id on retry', () => {
    const { s } = compose(online(), 'a', text('hi'), 1)
    const failed = receive(s, { type: 'error', code: 'unavailable', message: 'No agent', ref: 'a' }).s
    const again = retry(receive(failed, { type: 'availability', available: true }).s, 'a')
    expect(again.out).toEqual([{ type: 'start', id: 'a', parts: text('hi') }])
    expect(again.s.messages[0]?.sending).toBe('pending')
    expect(again.s.notice).toBeUndefined()
  })

  it('ends the chat on screen when the relay no longer knows the session', () => {
    const back = receive(offline(inChat()), welcome(true, null))
    expect(back.s.chat?.status).toBe('ended')
    expect(seqs(back.s)).toEqual([1])
  })

  it('does not bring back a chat the customer put away when the socket reconnects', () => {
    const ended = receive(inChat(), { type: 'chat', chat: chat({ status: 'ended' }) }).s
    const back = receive(offline(newChat(ended)), welcome(true, chat({ status: 'ended' }), [msg(1)]))
    expect(back.s.chat).toBeNull()
    expect(back.s.messages).toEqual([])
  })

  it('starts fresh after a reload when the last chat has ended', () => {
    const restored = receive(initialState, welcome(true, chat({ status: 'ended', lastSeq: 2 }), [msg(1), msg(2)]))
    expect(restored.s.chat).toBeNull()
    expect(restored.s.messages).toEqual([])
    expect(restored.out).toEqual([])
  })

  it('keeps showing the ended chat on screen across a reconnect', () => {
    const ended = receive(inChat(), { type: 'chat', chat: chat({ status: 'ended' }) }).s
    const back = receive(offline(ended), welcome(true, chat({ status: 'ended' })))
    expect(back.s.chat?.status).toBe('ended')
    expect(seqs(back.s)).toEqual([1])
  })

  it('starts from nothing after the customer puts an ended chat away', () => {
    const ended = receive(inChat(), { type: 'chat', chat: chat({ status: 'ended' }) }).s
    const fresh = newChat(ended)
    expect(fresh.messages).toEqual([])
    expect(compose(fresh, 'n', text('new'), 1).out).toEqual([{ type: 'start', id: 'n', parts: text('new') }])
  })

  it('may open while an agent is online or a chat is in progress, and not otherwise', () => {
    expect(canOpen(initialState)).toBe(false)
    expect(canOpen(online(true))).toBe(true)
    expect(canOpen(online(false))).toBe(false)
    expect(canOpen(receive(inChat(), { type: 'availability', available: false }).s)).toBe(true)
  })
})

describe('limits', () => {
  it('takes the wire’s cap on text until the relay’s welcome says its own', () => {
    expect(initialState.maxText).toBe(WIRE.textChars)
    const s = run(initialState, { ...welcome(true), limits: { textChars: 5000, frameBytes: 65536 } } as RelayToCustomer).s
    expect(s.maxText).toBe(5000)
  })
})
