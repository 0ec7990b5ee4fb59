// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { ChatMessage } from '../../protocol/index.js'
import { chat, msg, welcome, widgetPerTest, type Widget } from './fakes.js'

const startWidget = widgetPerTest()
const open = async (opts: Parameters<typeof startWidget>[0] = {}, available = true) => {
  const w = await startWidget(opts)
  w.t.deliver(welcome(available))
  w.parley.open()
  return w
}

const area = (w: Widget) => w.find<HTMLTextAreaElement>('textarea')!
const type = (w: Widget, text: string) => {
  area(w).value = text
  area(w).dispatchEvent(new Event('input', { bubbles: true }))
}
const enter = (w: Widget, shiftKey = false) => {
  const e = new KeyboardEvent('keydown', { key: 'Enter', shiftKey, bubbles: true, cancelable: true })
  area(w).dispatchEvent(e)
  return e
}
const say = (w: Widget, text: string) => {
  type(w, text)
  enter(w)
}
const button = (w: Widget, name: string) =>
  [...w.shadow().querySelectorAll('button')].find((b) => b.textContent === name || b.getAttribute('aria-label') === name)
const clock = (at: number) => {
  const d = new Date(at)
  return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0')
}
// Starts a chat the way the relay answers it: started, then the ack.
const startChat = (w: Widget, text = 'Hello') => {
  say(w, text)
  const start = w.t.of('start')[0]!
  w.t.deliver({ type: 'started', token: 'tok', chat: chat() }, { type: 'ack', id: start.id, seq: 1, at: Date.UTC(2025, 0, 1, 9, 5) })
  return start
}

describe('chat window', () => {
  it('sends the first message as a start, shows it as sending, then as sent once acked', async () => {
    const w = await open()
    say(w, 'Do you ship to Norway?')
    const [start] = w.t.of('start')
    expect(start).toMatchObject({ type: 'start', parts: [{ type: 'text', text: 'Do you ship to Norway?' }] })
    expect(w.find('.msg.customer.pending')?.textContent).toContain('Do you ship to Norway?')
    expect(w.text()).toContain('Sending…')
    w.t.deliver({ type: 'started', token: 'tok', chat: chat() }, { type: 'ack', id: start!.id, seq: 1, at: Date.UTC(2025, 0, 1, 9, 5) })
    expect(w.find('.pending')).toBeNull()
    expect(w.text()).not.toContain('Sending…')
    expect(w.find('.msg.customer .at')?.textContent).toBe(clock(Date.UTC(2025, 0, 1, 9, 5)))
    expect(area(w).value).toBe('')
  })

  it('stores nothing until the customer starts a chat, then stores the token', async () => {
    const w = await open()
    type(w, 'typing is not consent')
    w.parley.close()
    w.parley.open()
    expect(w.store.writes).toBe(0)
    startChat(w)
    expect(w.store.token).toBe('tok')
  })

  it('sends on Enter and keeps Shift+Enter for a new line', async () => {
    const w = await open()
    type(w, 'first line')
    const shifted = enter(w, true)
    expect(shifted.defaultPrevented).toBe(false)
    expect(w.t.of('start')).toEqual([])
    const plain = enter(w)
    expect(plain.defaultPrevented).toBe(true)
    expect(w.t.of('start')).toHaveLength(1)
  })

  it('sends with the send button too, and never sends blank text', async () => {
    const w = await open()
    type(w, '   ')
    enter(w)
    expect(w.t.of('start')).toEqual([])
    type(w, 'via button')
    button(w, 'Send')!.click()
    expect(w.t.of('start')[0]?.parts).toEqual([{ type: 'text', text: 'via button' }])
  })

  it('shows one copy of a message the relay broadcasts back to its sender', async () => {
    const w = await open()
    const start = startChat(w, 'Only once')
    w.t.deliver({ type: 'message', message: msg(1, { id: start.id, from: 'customer', name: undefined, parts: start.parts }) })
    expect(w.shadow().querySelectorAll('.msg.customer')).toHaveLength(1)
  })

  it('shows the queue position while waiting, then who joined, their name and the time on their messages', async () => {
    const w = await open()
    startChat(w)
    w.t.deliver({ type: 'chat', chat: chat({ position: 3 }) })
    expect(w.text()).toContain('Waiting for an agent… (position 3)')
    w.t.deliver(
      { type: 'chat', chat: chat({ status: 'active', agentName: 'Alice', lastSeq: 3 }) },
      { type: 'message', message: msg(2, { from: 'system', event: 'joined', parts: [] }) },
      { type: 'message', message: msg(3, { parts: [{ type: 'text', text: 'Hi, I am Alice. Yes we do!' }] }) }
    )
    expect(w.text()).not.toContain('Waiting for an agent')
    expect(w.find('.sys')?.textContent).toBe('Alice joined the chat · ' + clock(msg(2).at))
    const agent = w.find('.msg.agent')!
    expect(agent.querySelector('.who')?.textContent).toBe('Alice')
    expect(agent.querySelector('.bub')?.textContent).toBe('Hi, I am Alice. Yes we do!')
    expect(agent.querySelector('.at')?.textContent).toBe(clock(msg(3).at))
  })

  it('shows that the agent is typing until their message arrives', async () => {
    const w = await open()
    startChat(w)
    w.t.deliver({ type: 'typing', on: true, name: 'Alice' })
    expect(w.text()).toContain('Alice is typing…')
    w.t.deliver({ type: 'message', message: msg(2) })
    expect(w.text()).not.toContain('is typing')
  })

  it('stops showing the agent typing when no news comes for a while', async () => {
    const w = await open()
    startChat(w)
    vi.useFakeTimers()
    try {
      w.t.deliver({ type: 'typing', on: true, name: 'Alice' })
      vi.advanceTimersByTime(9_000)
      w.t.deliver({ type: 'typing', on: true, name: 'Alice' })
      vi.advanceTimersByTime(9_000)
      expect(w.text()).toContain('Alice is typing…')
      vi.advanceTimersByTime(1_000)
      expect(w.text()).not.toContain('is typing')
    } finally {
      vi.useRealTimers()
    }
  })

  it('renders message text as text, never as markup', async () => {
    const w = await open()
    startChat(w)
    w.t.deliver({ type: 'message', message: msg(2, { parts: [{ type: 'text', text: '<img src=x onerror=alert(1)>' }] }) })
    expect(w.find('.msg.agent img')).toBeNull()
    expect(w.find('.msg.agent .bub')?.textContent).toBe('<img src=x onerror=alert(1)>')
  })

  it('ends the chat from the header and offers to start a new one', async () => {
    const w = await open()
    startChat(w)
    button(w, 'End chat')!.click()
    expect(w.t.last()).toEqual({ type: 'end' })
    w.t.deliver(
      { type: 'message', message: msg(2, { from: 'system', event: 'ended', name: undefined, parts: [] }) },
      { type: 'chat', chat: chat({ status: 'ended', lastSeq: 2 }) }
    )
    expect(w.text()).toContain('Chat ended')
    expect(button(w, 'End chat')).toBeUndefined()
    expect(w.find('textarea')).toBeNull()
    button(w, 'Start a new chat')!.click()
    expect(w.text()).not.toContain('Chat ended')
    say(w, 'One more question')
    expect(w.t.of('start').map((s) => s.parts)).toEqual([[{ type: 'text', text: 'Hello' }], [{ type: 'text', text: 'One more question' }]])
  })

  it('says the chat ended when the relay ends it without a transcript line', async () => {
    const w = await open()
    startChat(w)
    w.t.deliver({ type: 'chat', chat: chat({ status: 'ended' }) })
    expect(w.find('.ended')?.textContent).toContain('Chat ended')
  })

  it('shows a friendly notice and a retry when no agent is left for the first message', async () => {
    const w = await open()
    say(w, 'Anyone there?')
    const [start] = w.t.of('start')
    w.t.deliver({ type: 'error', code: 'unavailable', message: 'No agent is online', ref: start!.id })
    expect(w.find('.note')?.textContent).toBe('No agent is available right now.')
    expect(w.find('.msg.failed')?.textContent).toContain('Not sent')
    w.t.deliver({ type: 'availability', available: true })
    button(w, 'Retry')!.click()
    expect(w.t.of('start').map((s) => s.id)).toEqual([start!.id, start!.id])
    expect(w.find('.failed')).toBeNull()
  })

  it('tells the customer no agent is available when agents leave before the chat starts', async () => {
    const w = await open()
    w.t.deliver({ type: 'availability', available: false })
    expect(w.find('[role=dialog]')).not.toBeNull()
    expect(w.find('.note')?.textContent).toBe('No agent is available right now.')
    expect(area(w).disabled).toBe(true)
  })

  it('shows that it is reconnecting while the socket is down, and resends what is pending', async () => {
    const w = await open()
    startChat(w)
    w.t.drop()
    expect(w.find('.note')?.textContent).toBe('Reconnecting…')
    say(w, 'written offline')
    expect(w.t.of('send')).toEqual([])
    w.t.connect()
    expect(w.t.last()).toMatchObject({ type: 'hello', token: 'tok', after: 1 })
    w.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 1 })))
    expect(w.find('.note')).toBeNull()
    expect(w.t.of('send').map((s) => s.parts)).toEqual([[{ type: 'text', text: 'written offline' }]])
  })

  it('forgets the stored token when the relay no longer knows the session', async () => {
    const w = await open({ token: 'old' })
    expect(w.t.sent[0]).toMatchObject({ type: 'hello', token: 'old', after: 0 })
    w.t.deliver(welcome(true, null))
    await Promise.resolve()
    expect(w.store.token).toBeUndefined()
  })

  it('emits message for each committed message, the customer’s own included, but not for restored history', async () => {
    const w = await startWidget({ token: 'tok' })
    const seen: ChatMessage[] = []
    w.parley.on('message', (m) => seen.push(m))
    w.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 1 }), [msg(1)]))
    w.parley.open()
    say(w, 'mine')
    const [send] = w.t.of('send')
    w.t.deliver({ type: 'ack', id: send!.id, seq: 2, at: 5 }, { type: 'message', message: msg(3) })
    expect(seen.map((m) => [m.seq, m.from])).toEqual([
      [2, 'customer'],
      [3, 'agent']
    ])
  })

  it('reports chat:start and chat:end', async () => {
    const w = await open()
    const events: string[] = []
    w.parley.on('chat:start', (c) => events.push('start ' + c.id))
    w.parley.on('chat:end', (c) => events.push('end ' + c.id))
    startChat(w)
    w.t.deliver({ type: 'chat', chat: chat({ status: 'ended' }) })
    expect(events).toEqual(['start chat1', 'end chat1'])
  })

  it('sends typing with the draft as a preview while the customer types in a chat, and stops it when they send', async () => {
    const w = await open()
    startChat(w)
    type(w, 'I am wri')
    expect(w.t.of('typing')).toEqual([{ type: 'typing', on: true, text: 'I am wri' }])
    say(w, 'I am writing')
    expect(w.t.of('typing')).toEqual([
      { type: 'typing', on: true, text: 'I am wri' },
      { type: 'typing', on: false }
    ])
  })

  it('closes on Escape and gives focus back to the launcher', async () => {
    const w = await open()
    area(w).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    expect(w.parley.isOpen()).toBe(false)
    expect(w.shadow().activeElement).toBe(w.find('button.fab'))
  })

  it('never throws into the page, even when a listener does', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const w = await open()
    w.parley.close()
    w.parley.on('open', () => {
      throw new Error('host bug')
    })
    expect(w.parley.open()).toBe(true)
    expect(error).toHaveBeenCalled()
  })
})
