// @vitest-environment happy-dom
import { render } from 'preact'
import { describe, expect, it, vi } from 'vitest'
import { CLOSE, PROTOCOL_VERSION } from '../../protocol/index.js'
import { App } from '../../console/App.js'
import { Desk } from '../../console/components/Desk.js'
import { formatClock } from '../../console/format.js'
import { button, fakeFetch, field, mount, one, press, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { fakeSockets } from './fake-socket.js'
import { activeSummary, agent, anna, message, NOON, panel, summary } from './fixtures.js'
import { busyPanel, count, inChat, sentOf, start } from './harness.js'

describe('agent console', () => {
  resetPageEachTest()

  it('shows the login form when there is no session', async () => {
    const api = fakeFetch({ 'GET /api/me': { status: 401, body: { code: 'unauthorized', message: 'Log in first' } } })
    const sockets = fakeSockets()
    const { root } = await mount(<App fetchImpl={api.fetchImpl} createSocket={sockets.create} />)
    await settle()
    expect(field(root, 'Email')).toBeTruthy()
    expect(field(root, 'Password').type).toBe('password')
    expect(button(root, 'Log in')).toBeTruthy()
    expect(sockets.sockets).toHaveLength(0)
  })

  it('offers to try again when the relay cannot be reached', async () => {
    const api = fakeFetch({})
    const sockets = fakeSockets()
    const { root } = await mount(<App fetchImpl={api.fetchImpl} createSocket={sockets.create} />)
    await settle()
    expect(text(one(root, '[role="alert"]'))).toMatch(/Cannot reach the server/)
    api.routes['GET /api/me'] = { status: 200, body: { me: anna() } }
    await step(() => button(root, 'Try again').click())
    await settle()
    expect(text(one(root, '[data-testid="agent-name"]'))).toBe('Anna Berg')
  })

  it('connects the agent socket after logging in and says hello', async () => {
    const api = fakeFetch({
      'GET /api/me': { status: 401, body: { code: 'unauthorized', message: 'Log in first' } },
      'POST /api/login': { status: 200, body: { me: anna() } }
    })
    const sockets = fakeSockets()
    const { root } = await mount(<App fetchImpl={api.fetchImpl} createSocket={sockets.create} />)
    await settle()
    await typeInto(field(root, 'Email'), 'anna@example.com')
    await typeInto(field(root, 'Password'), 'secret')
    await step(() => button(root, 'Log in').click())
    await settle()
    expect(sockets.last().url).toBe('ws://' + location.host + '/ws/agent')
    await step(() => sockets.last().open())
    expect(sockets.last().sent).toEqual([{ type: 'hello', v: PROTOCOL_VERSION }])
    expect(text(one(root, '[data-testid="agent-name"]'))).toBe('Anna Berg')
  })

  it('shows each section with a badge equal to its list length', async () => {
    const { root, socket } = await start()
    expect(count(root, 'waiting')).toBe('2')
    expect(count(root, 'chatting')).toBe('1')
    // Cleo has chat off: she is not an active agent.
    expect(count(root, 'agents')).toBe('2')
    expect(root.querySelectorAll('[data-testid="waiting-item"]')).toHaveLength(2)
    expect(root.querySelectorAll('[data-testid="agent-item"]')).toHaveLength(2)
    expect(text(one(root, '#waiting-heading'))).toBe('Waiting customers 2')
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [summary()] }) }))
    expect(count(root, 'waiting')).toBe('1')
    expect(count(root, 'chatting')).toBe('0')
    expect(count(root, 'agents')).toBe('0')
  })

  it('lists a waiting customer by name, first message and waiting time', async () => {
    vi.spyOn(Date, 'now').mockReturnValue(NOON + 2 * 60_000 + 5000)
    const { root } = await start()
    const [carl, visitor] = root.querySelectorAll('[data-testid="waiting-item"]')
    expect(text(carl)).toBe('Answer chat with Carl 2 min Where is my order?')
    expect(text(visitor)).toBe('Answer chat with Visitor 2 min Hi there')
  })

  it('answers a waiting customer on click and opens the chat', async () => {
    const { root, socket } = await start()
    await step(() => one<HTMLButtonElement>(root, '[data-chat-id="w1"][data-testid="waiting-item"]').click())
    expect(sentOf(socket.sent, 'accept')).toEqual([{ type: 'accept', chatId: 'w1' }])
    await step(() => socket.receive({ type: 'chat', chat: activeSummary({ id: 'w1' }) }))
    await step(() =>
      socket.receive({
        type: 'history',
        chatId: 'w1',
        messages: [message(1, { chatId: 'w1' }), message(2, { chatId: 'w1', id: 's2', from: 'system', event: 'joined', name: 'Anna Berg', parts: [] })]
      })
    )
    const chat = one(root, '[data-testid="chat-window"]')
    expect(chat.dataset.chatId).toBe('w1')
    const lines = [...chat.querySelectorAll('[data-testid="message"]')].map(text)
    expect(lines).toEqual(['Carl ' + formatClock(NOON + 1000) + ' message 1', 'Anna Berg joined the chat ' + formatClock(NOON + 2000)])
    expect(text(one(root, '[role="tab"][aria-selected="true"]'))).toBe('Carl')
  })

  it("shows the relay's error when another agent was faster", async () => {
    const { root, socket } = await start()
    await step(() => one<HTMLButtonElement>(root, '[data-chat-id="w1"][data-testid="waiting-item"]').click())
    await step(() => socket.receive({ type: 'error', code: 'taken', message: 'Another agent already answered this chat', ref: 'w1' }))
    expect(text(one(root, '[data-testid="toast"]'))).toContain('Another agent already answered this chat')
    expect(root.querySelector('[data-testid="chat-window"]')).toBeNull()
    await step(() => button(root, 'Dismiss').click())
    expect(root.querySelector('[data-testid="toast"]')).toBeNull()
  })

  it('sends on Enter, shows the message pending until the ack and once after the broadcast', async () => {
    const { root, socket } = await inChat()
    const box = field<HTMLTextAreaElement>(root, 'Message')
    await typeInto(box, 'Let me check')
    expect(sentOf(socket.sent, 'typing')).toEqual([{ type: 'typing', chatId: 'chat-1', on: true }])
    await press(box, 'Enter')
    const [send] = sentOf(socket.sent, 'send')
    expect(send).toMatchObject({ type: 'send', chatId: 'chat-1', parts: [{ type: 'text', text: 'Let me check' }] })
    expect(sentOf(socket.sent, 'typing').at(-1)).toEqual({ type: 'typing', chatId: 'chat-1', on: false })
    expect(box.value).toBe('')
    const pending = one(root, '[data-pending="true"]')
    expect(text(pending)).toContain('Sending…')
    await step(() => socket.receive({ type: 'ack', chatId: 'chat-1', id: send!.id, seq: 2, at: NOON + 9000 }))
    await step(() =>
      socket.receive({ type: 'message', message: message(2, { id: send!.id, from: 'agent', name: 'Anna Berg', at: NOON + 9000, parts: send!.parts }) })
    )
    expect(root.querySelector('[data-pending="true"]')).toBeNull()
    const lines = [...root.querySelectorAll('[data-testid="message"]')].map(text)
    expect(lines).toEqual(['Carl ' + formatClock(NOON + 1000) + ' message 1', 'Anna Berg ' + formatClock(NOON + 9000) + ' Let me check'])
  })

  it("shows the customer's pasted image from the relay, never a foreign URL", async () => {
    const { root, socket } = await inChat()
    const image = { type: 'image' as const, id: 'img_42', mime: 'image/png' as const, width: 320, height: 200 }
    await step(() => socket.receive({ type: 'message', message: message(2, { parts: [image] }) }))
    const img = one<HTMLImageElement>(root, '[data-seq="2"] img')
    expect(img.getAttribute('src')).toBe('/api/images/img_42')
    expect(img.getAttribute('alt')).toBe('Image from Carl')
  })

  it('keeps Shift+Enter for a new line', async () => {
    const { root, socket } = await inChat()
    const box = field<HTMLTextAreaElement>(root, 'Message')
    await typeInto(box, 'Line one')
    await press(box, 'Enter', { shiftKey: true })
    expect(sentOf(socket.sent, 'send')).toEqual([])
  })

  it('shows that the customer is typing, with the preview of their draft', async () => {
    const { root, socket } = await inChat()
    await step(() => socket.receive({ type: 'typing', chatId: 'chat-1', on: true, text: 'My order number is' }))
    expect(text(one(root, '[data-testid="typing"]'))).toBe('Customer is typing… My order number is')
    expect(one(root, '[data-testid="typing"] q').className).toBe('typing-preview')
    await step(() => socket.receive({ type: 'typing', chatId: 'chat-1', on: false }))
    expect(root.querySelector('[data-testid="typing"]')).toBeNull()
  })

  it('ends a chat and lets the agent close its window', async () => {
    const { root, socket } = await inChat()
    await step(() => button(root, 'End chat').click())
    expect(sentOf(socket.sent, 'end')).toEqual([{ type: 'end', chatId: 'chat-1' }])
    await step(() => socket.receive({ type: 'chat', chat: activeSummary({ status: 'ended', endedAt: NOON + 60_000 }) }))
    expect(text(one(root, '[data-testid="chat-ended"]'))).toBe('Chat ended')
    expect(root.querySelector('textarea[aria-label="Message"]')).toBeNull()
    await step(() => button(root, 'Close chat').click())
    expect(root.querySelector('[data-testid="chat-window"]')).toBeNull()
    expect(text(root.querySelector('.chat-empty'))).toContain('No open chats')
  })

  it('hands a chat to another active agent and keeps it readable', async () => {
    const ben = agent({ id: 'agent-ben', name: 'Ben', chats: 1 })
    const full = agent({ id: 'agent-dora', name: 'Dora', chats: 3, maxChats: 3 })
    const { root, socket } = await start(panel({ agents: [agent(), ben, full] }), [activeSummary()])
    const select = field<HTMLSelectElement>(root, 'Transfer to')
    expect([...select.options].map((o) => o.textContent)).toEqual(['Transfer to…', 'Waiting queue', 'Ben (1/3)'])
    expect(button(root, 'Transfer').disabled).toBe(true)
    await step(() => {
      select.value = 'agent-ben'
      select.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await step(() => button(root, 'Transfer').click())
    expect(sentOf(socket.sent, 'transfer')).toEqual([{ type: 'transfer', chatId: 'chat-1', to: 'agent-ben' }])
    await step(() => socket.receive({ type: 'chat', chat: activeSummary({ agentId: 'agent-ben', agentName: 'Ben' }) }))
    expect(text(one(root, '[data-testid="chat-window"] [role="status"]'))).toBe('Ben is in this chat. You are reading along.')
    expect(root.querySelector('textarea[aria-label="Message"]')).toBeNull()
    expect(button(root, 'Close chat')).toBeTruthy()
  })

  it('puts a chat back in the waiting queue', async () => {
    const { root, socket } = await start(panel({ agents: [agent()] }), [activeSummary()])
    const select = field<HTMLSelectElement>(root, 'Transfer to')
    await step(() => {
      select.value = 'queue'
      select.dispatchEvent(new Event('change', { bubbles: true }))
    })
    await step(() => button(root, 'Transfer').click())
    expect(sentOf(socket.sent, 'transfer')).toEqual([{ type: 'transfer', chatId: 'chat-1' }])
  })

  it('switches chat off and follows the relay', async () => {
    const { root, socket } = await start()
    const toggle = one<HTMLButtonElement>(root, '[role="switch"]')
    expect(text(document.getElementById(toggle.getAttribute('aria-labelledby')!))).toBe('Chat')
    expect(toggle.getAttribute('aria-checked')).toBe('true')
    await step(() => toggle.click())
    expect(sentOf(socket.sent, 'status')).toEqual([{ type: 'status', on: false }])
    await step(() => socket.receive({ type: 'me', me: anna({ on: false }) }))
    expect(one(root, '[role="switch"]').getAttribute('aria-checked')).toBe('false')
  })

  it('reconnects, says hello again and syncs open chats from their last seq', async () => {
    const { root, sockets } = await inChat()
    await step(() => sockets.last().drop(1006))
    expect(text(one(root, '[data-testid="connection"]'))).toMatch(/Offline, retrying in \d+ s/)
    expect(one<HTMLButtonElement>(root, '[role="switch"]').disabled).toBe(true)
    await step(() => button(root, 'Reconnect now').click())
    const socket = sockets.last()
    expect(sockets.sockets).toHaveLength(2)
    await step(() => socket.open())
    await step(() => socket.receive({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [activeSummary()] }))
    expect(socket.sent).toEqual([
      { type: 'hello', v: PROTOCOL_VERSION },
      { type: 'sync', chatId: 'chat-1', after: 1 }
    ])
    expect(text(one(root, '[data-testid="connection"]'))).toBe('Online')
  })

  it('shows frames that arrive before the console has subscribed to its session', async () => {
    // Regression: a welcome that came between the first render and the subscribing effect (which
    // runs after paint) was lost, leaving the console on "Connecting…" after a reload.
    const sockets = fakeSockets()
    const root = document.body.appendChild(document.createElement('div'))
    render(<Desk me={anna()} createSocket={sockets.create} onLoggedOut={() => {}} />, root)
    sockets.last().open()
    sockets.last().receive({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: busyPanel(), mine: [] })
    await settle()
    expect(text(one(root, '[data-testid="connection"]'))).toBe('Online')
    expect(count(root, 'waiting')).toBe('2')
    await step(() => render(null, root))
  })

  it('returns to the login form when the relay ends the session', async () => {
    const { root, sockets } = await start()
    await step(() => sockets.last().drop(CLOSE.unauthorized, 'no session'))
    expect(button(root, 'Log in')).toBeTruthy()
    expect(text(root.querySelector('[role="status"]'))).toBe('Your session has ended. Please log in again.')
  })

  it('logs out', async () => {
    const { root, api, socket } = await start()
    await step(() => button(root, 'Log out').click())
    await settle()
    expect(api.calls.at(-1)).toMatchObject({ method: 'POST', url: '/api/logout' })
    expect(socket.closedByClient).toBe(true)
    expect(button(root, 'Log in')).toBeTruthy()
  })
})
