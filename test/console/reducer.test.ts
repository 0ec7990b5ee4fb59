import { describe, expect, it } from 'vitest'
import type { RelayToAgent } from '../../protocol/index.js'
import { initialState, OFFLINE_TEXT, type State } from '../../console/reducer.js'
import { activeSummary, agent, anna, message, NOON, panel, summary } from './fixtures.js'
import { frame, run } from './reduce-run.js'

/** Anna online with chat-1 assigned to her and nothing else. */
const withChat = () =>
  run(initialState(), frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ chatting: [activeSummary()] }), mine: [activeSummary()] }))

const seqs = (state: State) => state.chats['chat-1']!.messages.map((m) => m.seq)

describe('console reducer', () => {
  it('adopts the agent and the panel on welcome and goes online', () => {
    const p = panel({ waiting: [summary({ id: 'w1' }), summary({ id: 'w2' })], agents: [agent()] })
    const { state } = run(initialState(), frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: p, mine: [] }))
    expect(state.me?.displayName).toBe('Anna Berg')
    expect(state.panel.waiting.map((c) => c.id)).toEqual(['w1', 'w2'])
    expect(state.conn).toBe('online')
  })

  it('opens every chat of the agent on welcome and asks for its history', () => {
    const { state, out } = withChat()
    expect(state.open).toEqual(['chat-1'])
    expect(state.active).toBe('chat-1')
    expect(out).toEqual([{ type: 'sync', chatId: 'chat-1', after: 0 }])
  })

  it('applies panel deltas in order and ignores one it already has', () => {
    const start = withChat().state
    const added = run(start, frame({ type: 'panelDelta', from: 0, pv: 1, chats: [summary({ id: 'w1', rev: 1 })] }))
    expect(added.state.panel.waiting.map((c) => c.id)).toEqual(['w1'])
    expect(added.state.pv).toBe(1)
    const renamed = run(added.state, frame({ type: 'panelDelta', from: 1, pv: 2, patches: [{ id: 'w1', rev: 2, patch: { title: 'Order 42' } }] }))
    expect(renamed.state.panel.waiting[0]).toMatchObject({ id: 'w1', title: 'Order 42', customer: { name: 'Carl' } })
    const again = run(renamed.state, frame({ type: 'panelDelta', from: 0, pv: 1, chats: [summary({ id: 'w1', rev: 1 })] }))
    expect(again.state).toBe(renamed.state)
    expect(again.out).toEqual([])
  })

  it('asks for a panel snapshot once when a panel version was missed, and adopts it', () => {
    const start = withChat().state
    const missed = run(
      start,
      frame({ type: 'panelDelta', from: 1, pv: 2, chats: [summary({ id: 'w2', rev: 2 })] }),
      frame({ type: 'panelDelta', from: 2, pv: 3, chats: [summary({ id: 'w3', rev: 3 })] })
    )
    expect(missed.out).toEqual([{ type: 'snapshot' }])
    expect(missed.state.panel.waiting).toEqual([])
    const resynced = run(missed.state, frame({ type: 'panel', pv: 3, panel: panel({ waiting: [summary({ id: 'w2' }), summary({ id: 'w3' })] }) }))
    expect(resynced.state.panel.waiting.map((c) => c.id)).toEqual(['w2', 'w3'])
    expect(run(resynced.state, frame({ type: 'panelDelta', from: 3, pv: 4, goneChats: [{ id: 'w2', rev: 4 }] })).state.panel.waiting.map((c) => c.id)).toEqual([
      'w3'
    ])
  })

  it('replaces the lists with every panel snapshot', () => {
    const { state } = run(withChat().state, frame({ type: 'panel', pv: 0, panel: panel({ waiting: [summary({ id: 'w9' })] }) }))
    expect(state.panel.waiting.map((c) => c.id)).toEqual(['w9'])
    expect(state.panel.chatting).toEqual([])
  })

  it('takes the agent from a me frame', () => {
    const { state } = run(withChat().state, frame({ type: 'me', me: anna({ on: false }) }))
    expect(state.me?.on).toBe(false)
  })

  it('keeps history and live messages sorted by seq', () => {
    const { state } = run(
      withChat().state,
      frame({ type: 'history', chatId: 'chat-1', messages: [message(3), message(1), message(2)] }),
      frame({ type: 'message', message: message(5) }),
      frame({ type: 'message', message: message(4) })
    )
    expect(seqs(state)).toEqual([1, 2, 3, 4, 5])
    expect(state.chats['chat-1']!.lastSeq).toBe(5)
  })

  it('shows a message once when history and broadcast both carry it', () => {
    const { state } = run(
      withChat().state,
      frame({ type: 'message', message: message(1) }),
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1), message(2)] }),
      frame({ type: 'message', message: message(2) })
    )
    expect(state.chats['chat-1']!.messages.map((m) => m.id)).toEqual(['m1', 'm2'])
  })

  it('shows a sent message as pending and sends it with its client id', () => {
    const { state, out } = run(withChat().state, { type: 'send', chatId: 'chat-1', id: 'c1', text: '  Hello Carl  ', at: NOON })
    const chat = state.chats['chat-1']!
    expect(chat.outgoing).toEqual([{ id: 'c1', parts: [{ type: 'text', text: 'Hello Carl' }], at: NOON }])
    expect(chat.draft).toBe('')
    expect(out).toEqual([{ type: 'send', chatId: 'chat-1', id: 'c1', parts: [{ type: 'text', text: 'Hello Carl' }] }])
  })

  it('does not send a blank message', () => {
    const { state, out } = run(withChat().state, { type: 'send', chatId: 'chat-1', id: 'c1', text: ' \n ', at: NOON })
    expect(state.chats['chat-1']!.outgoing).toEqual([])
    expect(out).toEqual([])
  })

  it('commits a pending message at the seq of its ack', () => {
    const { state } = run(
      withChat().state,
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1)] }),
      { type: 'send', chatId: 'chat-1', id: 'c1', text: 'Hello', at: NOON },
      frame({ type: 'ack', chatId: 'chat-1', id: 'c1', seq: 2, at: NOON + 5000 })
    )
    const chat = state.chats['chat-1']!
    expect(chat.outgoing).toEqual([])
    expect(chat.messages[1]).toMatchObject({ id: 'c1', seq: 2, from: 'agent', name: 'Anna Berg', at: NOON + 5000 })
  })

  it('dedupes the broadcast of its own message after the ack', () => {
    const { state } = run(
      withChat().state,
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1)] }),
      { type: 'send', chatId: 'chat-1', id: 'c1', text: 'Hello', at: NOON },
      frame({ type: 'ack', chatId: 'chat-1', id: 'c1', seq: 2, at: NOON + 5000 }),
      frame({ type: 'message', message: message(2, { id: 'c1', from: 'agent', name: 'Anna Berg' }) })
    )
    expect(state.chats['chat-1']!.messages.map((m) => m.id)).toEqual(['m1', 'c1'])
  })

  it('dedupes its own message when the broadcast comes before the ack', () => {
    const { state } = run(
      withChat().state,
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1)] }),
      { type: 'send', chatId: 'chat-1', id: 'c1', text: 'Hello', at: NOON },
      frame({ type: 'message', message: message(2, { id: 'c1', from: 'agent', name: 'Anna Berg' }) }),
      frame({ type: 'ack', chatId: 'chat-1', id: 'c1', seq: 2, at: NOON + 5000 })
    )
    const chat = state.chats['chat-1']!
    expect(chat.messages.map((m) => m.id)).toEqual(['m1', 'c1'])
    expect(chat.outgoing).toEqual([])
  })

  it('asks once for the messages missing before a newer one', () => {
    const { state, out } = run(
      withChat().state,
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1), message(2)] }),
      frame({ type: 'message', message: message(5) }),
      frame({ type: 'message', message: message(6) })
    )
    expect(out.filter((m) => m.type === 'sync' && m.after > 0)).toEqual([{ type: 'sync', chatId: 'chat-1', after: 2 }])
    expect(state.chats['chat-1']!.lastSeq).toBe(2)
  })

  it('closes the gap with the history it asked for', () => {
    const { state } = run(
      withChat().state,
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1)] }),
      frame({ type: 'message', message: message(4) }),
      frame({ type: 'history', chatId: 'chat-1', messages: [message(2), message(3), message(4)] })
    )
    expect(seqs(state)).toEqual([1, 2, 3, 4])
    expect(state.chats['chat-1']!.lastSeq).toBe(4)
    expect(state.chats['chat-1']!.syncingAfter).toBeUndefined()
  })

  it('counts unread customer messages of a chat that is not in front', () => {
    const second = activeSummary({ id: 'chat-2' })
    const { state } = run(
      initialState(),
      frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [activeSummary(), second] }),
      frame({ type: 'message', message: message(1, { chatId: 'chat-2', id: 'x1' }) }),
      frame({ type: 'message', message: message(1) })
    )
    expect(state.chats['chat-2']!.unread).toBe(1)
    expect(state.chats['chat-1']!.unread).toBe(0)
    expect(run(state, { type: 'focus', chatId: 'chat-2' }).state.chats['chat-2']!.unread).toBe(0)
  })

  it('opens and brings to front a chat it accepted', () => {
    const start = run(initialState(), frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ waiting: [summary()] }), mine: [] }))
    const accepted = run(start.state, { type: 'accept', chatId: 'chat-1' })
    expect(accepted.out).toEqual([{ type: 'accept', chatId: 'chat-1' }])
    const { state, out } = run(
      accepted.state,
      frame({ type: 'chat', chat: activeSummary() }),
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1)] })
    )
    expect(state.open).toEqual(['chat-1'])
    expect(state.active).toBe('chat-1')
    expect(state.accepting).toEqual([])
    expect(seqs(state)).toEqual([1])
    // The relay sends the history of an accepted chat by itself.
    expect(out).toEqual([])
  })

  it('shows the error of a chat another agent took first', () => {
    const start = run(initialState(), frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ waiting: [summary()] }), mine: [] }))
    const { state } = run(
      start.state,
      { type: 'accept', chatId: 'chat-1' },
      frame({ type: 'error', code: 'taken', message: 'Another agent answered this chat first', ref: 'chat-1' })
    )
    expect(state.toasts.map((t) => t.text)).toEqual(['Another agent answered this chat first'])
    expect(state.accepting).toEqual([])
    expect(state.open).toEqual([])
  })

  it('marks the message a send error names as failed', () => {
    // The relay answers a refused send with the message's client id in `ref`.
    const { state } = run(
      withChat().state,
      { type: 'send', chatId: 'chat-1', id: 'c1', text: 'short', at: NOON },
      { type: 'send', chatId: 'chat-1', id: 'c2', text: 'x'.repeat(50), at: NOON },
      frame({ type: 'error', code: 'too_large', message: 'A message may have at most 10 characters', ref: 'c2' })
    )
    expect(state.chats['chat-1']!.outgoing.map((o) => [o.id, o.failed])).toEqual([
      ['c1', undefined],
      ['c2', 'A message may have at most 10 characters']
    ])
    expect(state.toasts.map((t) => t.text)).toEqual(['A message may have at most 10 characters'])
  })

  it('marks every message refused after the chat ended, saying so once', () => {
    const { state } = run(
      withChat().state,
      { type: 'send', chatId: 'chat-1', id: 'c1', text: 'one', at: NOON },
      { type: 'send', chatId: 'chat-1', id: 'c2', text: 'two', at: NOON },
      frame({ type: 'error', code: 'ended', message: 'This chat has ended', ref: 'c1' }),
      frame({ type: 'error', code: 'ended', message: 'This chat has ended', ref: 'c2' })
    )
    expect(state.chats['chat-1']!.outgoing.map((o) => o.failed)).toEqual(['This chat has ended', 'This chat has ended'])
    expect(state.toasts.map((t) => t.text)).toEqual(['This chat has ended'])
  })

  it('leaves a read-only chat when its window closes, but not a chat of its own', () => {
    const bens = activeSummary({ id: 'chat-9', agentId: 'agent-ben', agentName: 'Ben' })
    const start = run(
      initialState(),
      frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ chatting: [bens, activeSummary()] }), mine: [activeSummary()] })
    )
    const read = run(start.state, { type: 'focus', chatId: 'chat-9' }, { type: 'close', chatId: 'chat-9' })
    expect(read.out.at(-1)).toEqual({ type: 'leave', chatId: 'chat-9' })
    expect(read.state.open).toEqual(['chat-1'])
    const ended = run(start.state, frame({ type: 'chat', chat: activeSummary({ status: 'ended' }) }), { type: 'close', chatId: 'chat-1' })
    expect(ended.out).toEqual([{ type: 'leave', chatId: 'chat-1' }])
  })

  it('sends a failed message again with the same id on retry', () => {
    const { state } = run(
      withChat().state,
      { type: 'send', chatId: 'chat-1', id: 'c1', text: 'Hello', at: NOON },
      frame({ type: 'error', code: 'internal', message: 'Something went wrong on our side', ref: 'c1' })
    )
    expect(state.chats['chat-1']!.outgoing[0]!.failed).toBe('Something went wrong on our side')
    const retried = run(state, { type: 'retry', chatId: 'chat-1', id: 'c1' })
    expect(retried.state.chats['chat-1']!.outgoing[0]!.failed).toBeUndefined()
    expect(retried.out).toEqual([{ type: 'send', chatId: 'chat-1', id: 'c1', parts: [{ type: 'text', text: 'Hello' }] }])
  })

  it("opens another agent's chat from the lists and asks for its transcript", () => {
    const bens = activeSummary({ id: 'chat-9', agentId: 'agent-ben', agentName: 'Ben' })
    const start = run(initialState(), frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ chatting: [bens] }), mine: [] }))
    const { state, out } = run(start.state, { type: 'focus', chatId: 'chat-9' })
    expect(state.open).toEqual(['chat-9'])
    expect(state.active).toBe('chat-9')
    expect(state.chats['chat-9']!.summary?.agentName).toBe('Ben')
    expect(out).toEqual([{ type: 'sync', chatId: 'chat-9', after: 0 }])
  })

  it('keeps a message written offline and sends it after the next welcome', () => {
    const offline = run(withChat().state, { type: 'conn', status: 'offline', retryAt: NOON })
    const written = run(offline.state, { type: 'send', chatId: 'chat-1', id: 'c1', text: 'Still there?', at: NOON })
    expect(written.out).toEqual([])
    const back = run(
      written.state,
      { type: 'conn', status: 'connecting' },
      frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [activeSummary()] })
    )
    expect(back.out).toEqual([
      { type: 'sync', chatId: 'chat-1', after: 0 },
      { type: 'send', chatId: 'chat-1', id: 'c1', parts: [{ type: 'text', text: 'Still there?' }] }
    ])
  })

  it('syncs every open chat from its last seq after a reconnect', () => {
    const { state, out } = run(
      withChat().state,
      frame({ type: 'history', chatId: 'chat-1', messages: [message(1), message(2), message(3)] }),
      { type: 'conn', status: 'offline' },
      frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [activeSummary()] })
    )
    expect(out.at(-1)).toEqual({ type: 'sync', chatId: 'chat-1', after: 3 })
    expect(seqs(state)).toEqual([1, 2, 3])
  })

  it('marks a chat that ended while offline as ended', () => {
    const { state } = run(withChat().state, { type: 'conn', status: 'offline' }, frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [] }))
    expect(state.open).toEqual(['chat-1'])
    expect(state.chats['chat-1']!.summary?.status).toBe('ended')
  })

  it('explains instead of sending when offline', () => {
    const { state, out } = run(withChat().state, { type: 'conn', status: 'offline' }, { type: 'status', on: false })
    expect(out).toEqual([])
    expect(state.toasts.map((t) => t.text)).toEqual([OFFLINE_TEXT])
  })

  it('shows and clears the customer typing with its preview', () => {
    const typing = run(withChat().state, frame({ type: 'typing', chatId: 'chat-1', on: true, text: 'I ordered on' }))
    expect(typing.state.chats['chat-1']!.typing).toEqual({ text: 'I ordered on' })
    expect(run(typing.state, frame({ type: 'message', message: message(1) })).state.chats['chat-1']!.typing).toBeUndefined()
    expect(run(typing.state, frame({ type: 'typing', chatId: 'chat-1', on: false })).state.chats['chat-1']!.typing).toBeUndefined()
  })

  it('keeps an ended chat open until the agent closes it', () => {
    const ended = run(withChat().state, frame({ type: 'chat', chat: activeSummary({ status: 'ended', endedAt: NOON + 1 }) }))
    expect(ended.state.open).toEqual(['chat-1'])
    expect(ended.state.chats['chat-1']!.summary?.status).toBe('ended')
    const closed = run(ended.state, { type: 'close', chatId: 'chat-1' })
    expect(closed.state.open).toEqual([])
    expect(closed.state.active).toBeNull()
    expect(closed.state.chats['chat-1']).toBeUndefined()
  })

  it('asks for the history of a chat handed over without accepting it', () => {
    const start = run(initialState(), frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [] }))
    const { state, out } = run(start.state, frame({ type: 'chat', chat: activeSummary({ id: 'chat-7' }) }))
    expect(state.open).toEqual(['chat-7'])
    expect(out).toEqual([{ type: 'sync', chatId: 'chat-7', after: 0 }])
  })

  it('keeps the latest state of every ticket by chat', () => {
    const t = { id: 't1', number: 1, chatId: 'chat-1', title: 'Carl', customer: {}, tags: [], status: 'open' as const, note: '', chatUrl: '', createdAt: NOON }
    const { state } = run(
      withChat().state,
      frame({ type: 'ticket', ticket: { ...t, webhook: { status: 'pending', attempts: 0 } } }),
      frame({ type: 'ticket', ticket: { ...t, webhook: { status: 'failed', attempts: 3, error: 'HTTP 500' } } })
    )
    expect(state.tickets['chat-1']?.webhook).toEqual({ status: 'failed', attempts: 3, error: 'HTTP 500' })
  })

  it('opens a chat from the archive with its transcript and follows it while it goes on', () => {
    const bens = activeSummary({ id: 'chat-5', agentId: 'agent-ben', agentName: 'Ben', lastSeq: 2 })
    const msgs = [message(1, { chatId: 'chat-5' }), message(2, { chatId: 'chat-5' })]
    const { state, out } = run(withChat().state, { type: 'details', details: { chat: bens, tech: { pages: [] }, messages: msgs }, open: true })
    expect(state.open).toEqual(['chat-1', 'chat-5'])
    expect(state.active).toBe('chat-5')
    expect(state.chats['chat-5']!.lastSeq).toBe(2)
    expect(out).toEqual([{ type: 'sync', chatId: 'chat-5', after: 2 }])
  })

  it('fills in technical details of an open chat without bringing it to front', () => {
    const start = run(
      initialState(),
      frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [activeSummary(), activeSummary({ id: 'chat-2' })] })
    ).state
    const tech = { ip: '203.0.113.9', pages: [] }
    const { state, out } = run(start, { type: 'details', details: { chat: activeSummary({ id: 'chat-2' }), tech, messages: [] }, open: false })
    expect(state.active).toBe('chat-1')
    expect(state.chats['chat-2']!.tech).toEqual(tech)
    expect(out).toEqual([])
  })

  it('ignores a frame type it has no view for yet', () => {
    const before = withChat().state
    const { state, out } = run(before, frame({ type: 'novelty', chatId: 'chat-1' } as unknown as RelayToAgent))
    expect(state).toBe(before)
    expect(out).toEqual([])
  })

  it('ignores messages of a chat it does not show', () => {
    const { state } = run(withChat().state, frame({ type: 'message', message: message(1, { chatId: 'other' }) }))
    expect(state.chats.other).toBeUndefined()
  })
})
