import { describe, expect, it } from 'vitest'
import type { AgentMsg, ChatNote, RelayToAgent } from '../../protocol/index.js'
import { interleave } from '../../console/notes.js'
import { initialState, type Action } from '../../console/reducer.js'
import { activeSummary, anna, message, NOON, panel } from './fixtures.js'
import { frame, run } from './reduce-run.js'

const welcome = (over: Partial<RelayToAgent & { type: 'welcome' }> = {}): Action =>
  frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ chatting: [activeSummary()] }), mine: [activeSummary()], ...over })
const reads = (out: AgentMsg[]) => out.filter((m) => m.type === 'read')

const note = (id: string, at: number, over: Partial<ChatNote> = {}): ChatNote => ({
  id,
  chatId: 'chat-1',
  agentId: 'agent-ben',
  name: 'Ben',
  text: 'note ' + id,
  at,
  ...over
})

/** Anna online, chat-1 hers and in front, its history (message 1 from the customer) in. */
const looking = () => run(initialState(), welcome(), frame({ type: 'history', chatId: 'chat-1', messages: [message(1)], reads: { customer: 0, agent: 0 } }))

describe('read receipts from the agent', () => {
  it('tells the relay once the agent has the chat in front with its history in', () => {
    const start = run(initialState(), welcome())
    // Until the history says where the relay's mark is, nothing is marked.
    expect(reads(start.out)).toEqual([])
    const { out, state } = run(start.state, frame({ type: 'history', chatId: 'chat-1', messages: [message(1), message(2)], reads: { customer: 0, agent: 0 } }))
    expect(reads(out)).toEqual([{ type: 'read', chatId: 'chat-1', seq: 2 }])
    expect(state.chats['chat-1']!.agentRead).toBe(2)
  })

  it('sends one read per new customer message and none for its own messages', () => {
    const { state } = looking()
    const next = run(
      state,
      frame({ type: 'message', message: message(2) }),
      frame({ type: 'message', message: message(3, { from: 'agent', name: 'Anna Berg' }) }),
      frame({ type: 'message', message: message(2) }),
      { type: 'away', away: false }
    )
    expect(reads(next.out)).toEqual([{ type: 'read', chatId: 'chat-1', seq: 2 }])
  })

  it('waits while the page is hidden or another view is open, and reads on coming back', () => {
    const { state } = looking()
    const away = run(state, { type: 'away', away: true }, frame({ type: 'message', message: message(2) }), frame({ type: 'message', message: message(3) }))
    expect(reads(away.out)).toEqual([])
    const back = run(away.state, { type: 'away', away: false })
    expect(reads(back.out)).toEqual([{ type: 'read', chatId: 'chat-1', seq: 3 }])
  })

  it('does not read a chat in the background until it comes to front', () => {
    const other = activeSummary({ id: 'chat-2' })
    const start = run(
      initialState(),
      welcome({ mine: [activeSummary(), other], panel: panel({ chatting: [activeSummary(), other] }) }),
      frame({ type: 'history', chatId: 'chat-1', messages: [], reads: { customer: 0, agent: 0 } }),
      frame({ type: 'history', chatId: 'chat-2', messages: [], reads: { customer: 0, agent: 0 } })
    )
    expect(start.state.active).toBe('chat-1')
    const msg = run(start.state, frame({ type: 'message', message: message(1, { chatId: 'chat-2' }) }))
    expect(reads(msg.out)).toEqual([])
    const front = run(msg.state, { type: 'focus', chatId: 'chat-2' })
    expect(reads(front.out)).toEqual([{ type: 'read', chatId: 'chat-2', seq: 1 }])
  })

  it('never marks a chat read that is not the agent’s own (reading along)', () => {
    const bens = activeSummary({ id: 'chat-9', agentId: 'agent-ben', agentName: 'Ben' })
    const { state } = run(initialState(), frame({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ chatting: [bens] }), mine: [] }))
    const opened = run(
      state,
      { type: 'focus', chatId: 'chat-9' },
      frame({ type: 'history', chatId: 'chat-9', messages: [message(1, { chatId: 'chat-9' })], reads: { customer: 0, agent: 0 } })
    )
    expect(reads(opened.out)).toEqual([])
  })

  it('tells nothing to a relay whose histories carry no read marks (it keeps none)', () => {
    const { out } = run(initialState(), welcome(), frame({ type: 'history', chatId: 'chat-1', messages: [message(1), message(2)] }))
    expect(reads(out)).toEqual([])
  })

  it('does not read past a gap: only what is known without one counts as seen', () => {
    const { state } = looking()
    const gap = run(state, frame({ type: 'message', message: message(3) }))
    // Message 2 is missing: the console asks for it and marks nothing beyond 1.
    expect(gap.out).toEqual([{ type: 'sync', chatId: 'chat-1', after: 1 }])
    const filled = run(gap.state, frame({ type: 'history', chatId: 'chat-1', messages: [message(2), message(3)], reads: { customer: 0, agent: 1 } }))
    expect(reads(filled.out)).toEqual([{ type: 'read', chatId: 'chat-1', seq: 3 }])
  })

  it('sends a read exactly once across a reconnect: the history’s mark says it arrived', () => {
    const { state } = looking()
    const read = run(state, frame({ type: 'message', message: message(2) }))
    expect(reads(read.out)).toEqual([{ type: 'read', chatId: 'chat-1', seq: 2 }])
    const again = run(
      read.state,
      { type: 'conn', status: 'offline' },
      { type: 'conn', status: 'connecting' },
      welcome(),
      frame({ type: 'history', chatId: 'chat-1', messages: [], reads: { customer: 0, agent: 2 } })
    )
    expect(reads(again.out)).toEqual([])
  })

  it('sends it again after a reconnect when the relay never got it', () => {
    const { state } = looking()
    // The read went out as the socket died: the relay's mark stayed at 1.
    const read = run(state, frame({ type: 'message', message: message(2) }))
    expect(reads(read.out)).toHaveLength(1)
    const again = run(
      read.state,
      { type: 'conn', status: 'offline' },
      welcome(),
      frame({ type: 'history', chatId: 'chat-1', messages: [], reads: { customer: 0, agent: 1 } })
    )
    expect(reads(again.out)).toEqual([{ type: 'read', chatId: 'chat-1', seq: 2 }])
  })

  it('sends nothing while offline and reads after the welcome', () => {
    const { state } = looking()
    const offline = run(state, { type: 'conn', status: 'offline' }, frame({ type: 'message', message: message(2) }))
    expect(reads(offline.out)).toEqual([])
    const back = run(offline.state, welcome(), frame({ type: 'history', chatId: 'chat-1', messages: [], reads: { customer: 0, agent: 1 } }))
    expect(reads(back.out)).toEqual([{ type: 'read', chatId: 'chat-1', seq: 2 }])
  })

  it('keeps the customer’s read mark from histories and read frames, only ever growing', () => {
    const { state } = looking()
    const a = run(state, frame({ type: 'read', chatId: 'chat-1', seq: 4 }))
    expect(a.state.chats['chat-1']!.customerRead).toBe(4)
    const b = run(a.state, frame({ type: 'read', chatId: 'chat-1', seq: 3 }))
    expect(b.state).toBe(a.state)
    const c = run(b.state, frame({ type: 'history', chatId: 'chat-1', messages: [], reads: { customer: 2, agent: 1 } }))
    expect(c.state.chats['chat-1']!.customerRead).toBe(4)
    const unknown = run(c.state, frame({ type: 'read', chatId: 'chat-404', seq: 9 }))
    expect(unknown.state).toBe(c.state)
  })
})

describe('internal notes', () => {
  it('sends a note with its id and shows it as saving until the relay echoes it', () => {
    const { state } = looking()
    const sent = run(state, { type: 'note', chatId: 'chat-1', id: 'n1', text: '  VIP customer, be kind  ', at: NOON })
    expect(sent.out).toEqual([{ type: 'note', chatId: 'chat-1', id: 'n1', text: 'VIP customer, be kind' }])
    const chat = sent.state.chats['chat-1']!
    expect(chat.noteOutgoing.map((n) => n.text)).toEqual(['VIP customer, be kind'])
    // A note is not a message: the customer's transcript is untouched.
    expect(chat.messages.map((m) => m.seq)).toEqual([1])
    const echoed = run(
      sent.state,
      frame({ type: 'note', note: note('n1', NOON + 5, { agentId: 'agent-anna', name: 'Anna Berg', text: 'VIP customer, be kind' }) })
    )
    expect(echoed.state.chats['chat-1']!.noteOutgoing).toEqual([])
    expect(echoed.state.chats['chat-1']!.notes.map((n) => n.id)).toEqual(['n1'])
  })

  it('ignores a blank note and clears the draft of a sent one', () => {
    const { state } = looking()
    const drafted = run(state, { type: 'draft', chatId: 'chat-1', text: 'call back tomorrow' })
    expect(run(drafted.state, { type: 'note', chatId: 'chat-1', id: 'n0', text: '   ', at: NOON }).out).toEqual([])
    const sent = run(drafted.state, { type: 'note', chatId: 'chat-1', id: 'n1', text: 'call back tomorrow', at: NOON })
    expect(sent.state.chats['chat-1']!.draft).toBe('')
  })

  it('merges notes from histories and live frames once each, in time order', () => {
    const { state } = looking()
    const next = run(
      state,
      frame({ type: 'note', note: note('b', NOON + 20) }),
      frame({ type: 'history', chatId: 'chat-1', messages: [], notes: [note('a', NOON + 10), note('b', NOON + 20)] }),
      frame({ type: 'note', note: note('a', NOON + 10) })
    )
    expect(next.state.chats['chat-1']!.notes.map((n) => n.id)).toEqual(['a', 'b'])
  })

  it('keeps a note written offline and sends it after the welcome, with any other still on its way', () => {
    const { state } = looking()
    const offline = run(state, { type: 'conn', status: 'offline' }, { type: 'note', chatId: 'chat-1', id: 'n1', text: 'while offline', at: NOON })
    expect(offline.out).toEqual([])
    const back = run(offline.state, welcome())
    expect(back.out.filter((m) => m.type === 'note')).toEqual([{ type: 'note', chatId: 'chat-1', id: 'n1', text: 'while offline' }])
  })

  it('marks a refused note as not saved and sends it again on retry', () => {
    const { state } = looking()
    const sent = run(state, { type: 'note', chatId: 'chat-1', id: 'n1', text: 'x', at: NOON })
    const refused = run(sent.state, frame({ type: 'error', code: 'too_large', message: 'The note is too long', ref: 'n1' }))
    expect(refused.state.chats['chat-1']!.noteOutgoing[0]!.failed).toBe('The note is too long')
    const retried = run(refused.state, { type: 'retry', chatId: 'chat-1', id: 'n1' })
    expect(retried.out).toEqual([{ type: 'note', chatId: 'chat-1', id: 'n1', text: 'x' }])
    expect(retried.state.chats['chat-1']!.noteOutgoing[0]!.failed).toBeUndefined()
  })

  it('asks for the notes of an ended chat opened from the archive', () => {
    const { state } = looking()
    const old = activeSummary({ id: 'old-1', status: 'ended', endedAt: NOON, lastSeq: 1 })
    const opened = run(state, { type: 'details', details: { chat: old, tech: { pages: [] }, messages: [message(1, { chatId: 'old-1' })] }, open: true })
    expect(opened.out).toEqual([{ type: 'sync', chatId: 'old-1', after: 1 }])
    const noted = run(
      opened.state,
      frame({ type: 'history', chatId: 'old-1', messages: [], notes: [note('x', NOON, { chatId: 'old-1' })], reads: { customer: 1, agent: 1 } })
    )
    expect(noted.state.chats['old-1']!.notes.map((n) => n.id)).toEqual(['x'])
  })

  it('switches the composer between reply and note per chat', () => {
    const { state } = looking()
    const noted = run(state, { type: 'compose', chatId: 'chat-1', mode: 'note' })
    expect(noted.state.chats['chat-1']!.composing).toBe('note')
    expect(noted.out).toEqual([])
  })

  it('places each note after the messages committed before it, and notes on their way last', () => {
    const items = interleave([message(1), message(2), message(3)], [note('a', NOON + 1500), note('b', NOON + 9000)], [{ id: 'p', text: 'mine', at: NOON }])
    expect(items.map((i) => (i.kind === 'message' ? 'm' + i.message.seq : i.note.id))).toEqual(['m1', 'a', 'm2', 'm3', 'b', 'p'])
  })
})

describe('business hours in the panel', () => {
  it('follows the welcome and the live hours frames', () => {
    const open = run(initialState(), welcome())
    expect(open.state.outsideHours).toBe(false)
    const closed = run(initialState(), welcome({ outsideHours: true }))
    expect(closed.state.outsideHours).toBe(true)
    const opened = run(closed.state, frame({ type: 'hours', outsideHours: false }))
    expect(opened.state.outsideHours).toBe(false)
  })
})
