// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { tabTitle, unreadMine } from '../../console/attention.js'
import { initialState, reduce, type State } from '../../console/reducer.js'
import { one, settle, step, text } from './dom.js'
import { activeSummary, agent, anna, message, panel, summary } from './fixtures.js'
import { start } from './harness.js'

/** A Notification that records what the console shows; `click()` is the agent clicking it. */
class FakeNotification {
  static permission: NotificationPermission = 'granted'
  static shown: FakeNotification[] = []
  onclick: (() => void) | null = null
  closed = false
  constructor(
    readonly title: string,
    readonly options: NotificationOptions
  ) {
    FakeNotification.shown.push(this)
  }
  close() {
    this.closed = true
  }
  click() {
    this.onclick?.()
  }
}

/** Hides or shows the page the way a browser does when the agent switches tabs. */
const setHidden = (hidden: boolean) =>
  step(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden })
    document.dispatchEvent(new Event('visibilitychange'))
  })

/** The agent clicks notification `n`: the browser shows the tab again, then runs its click handler. */
const clickNotification = async (n: FakeNotification) => {
  await setHidden(false)
  await step(() => n.click())
  await settle()
}

/** Makes the panel folded (a tablet) or not for the console's media queries. */
const folded = (on: boolean) =>
  vi
    .spyOn(window, 'matchMedia')
    .mockImplementation(
      (query) => ({ matches: on && query.includes('max-width'), media: query, addEventListener() {}, removeEventListener() {} }) as unknown as MediaQueryList
    )

const notifying = anna({ notifications: true })
const dora = activeSummary({ id: 'chat-2', customer: { name: 'Dora', verified: [] }, title: 'Dora' })

describe('getting the agent’s attention', () => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    FakeNotification.shown = []
    vi.stubGlobal('Notification', FakeNotification)
    localStorage.clear()
  })
  afterEach(() => {
    document.body.innerHTML = ''
    location.hash = ''
    delete (document as { hidden?: boolean }).hidden
    vi.unstubAllGlobals()
    vi.restoreAllMocks()
  })

  it('counts a message in the chat in front as unread while the agent is away, and as read once they are back', () => {
    let state: State = reduce(initialState(), {
      type: 'frame',
      frame: { type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [activeSummary()] }
    }).state
    state = reduce(state, { type: 'frame', frame: { type: 'message', message: message(1) } }).state
    expect(state.chats['chat-1']!.unread).toBe(0)
    state = reduce(state, { type: 'away', away: true }).state
    state = reduce(state, { type: 'frame', frame: { type: 'message', message: message(2) } }).state
    expect(state.chats['chat-1']!.unread).toBe(1)
    expect(unreadMine(state)).toBe(1)
    state = reduce(state, { type: 'away', away: false }).state
    expect(state.chats['chat-1']!.unread).toBe(0)
  })

  it('counts only unread messages of the agent’s own chats for the title', () => {
    let state: State = reduce(initialState(), {
      type: 'frame',
      frame: {
        type: 'welcome',
        v: 1,
        pv: 0,
        me: anna(),
        panel: panel({ chatting: [activeSummary({ id: 'c9', agentId: 'agent-ben' })] }),
        mine: [activeSummary(), dora]
      }
    }).state
    // Ben's chat is open read-only, behind Anna's first chat.
    state = reduce(reduce(state, { type: 'focus', chatId: 'c9' }).state, { type: 'focus', chatId: 'chat-1' }).state
    for (const m of [message(1, { chatId: 'chat-2', id: 'd1' }), message(2, { chatId: 'chat-2', id: 'd2' }), message(1, { chatId: 'c9', id: 'b1' })])
      state = reduce(state, { type: 'frame', frame: { type: 'message', message: m } }).state
    expect(state.chats.c9!.unread).toBe(1)
    expect(unreadMine(state)).toBe(2)
    expect(tabTitle(3)).toBe('(3) Parley console')
    expect(tabTitle(0)).toBe('Parley console')
  })

  it('puts waiting customers and unread messages of the agent’s chats in the tab title while the tab is hidden', async () => {
    const { socket } = await start(panel({ waiting: [summary({ id: 'w1' })] }), [activeSummary()])
    expect(document.title).toBe('(1) Parley console')
    await setHidden(true)
    await step(() => socket.receive({ type: 'message', message: message(1) }))
    await step(() => socket.receive({ type: 'message', message: message(2) }))
    expect(document.title).toBe('(3) Parley console')
    await setHidden(false)
    expect(document.title).toBe('(1) Parley console')
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel() }))
    expect(document.title).toBe('Parley console')
  })

  it('notifies a hidden console of a new waiting customer; the click unfolds the panel on a tablet and focuses that customer', async () => {
    folded(true)
    const { root, socket } = await start(panel({ agents: [agent()] }), [], {}, notifying)
    await setHidden(true)
    await step(() =>
      socket.receive({
        type: 'panel',
        pv: 0,
        panel: panel({ waiting: [summary({ id: 'w1' }), summary({ id: 'w2', customer: { name: 'Eve', verified: [] } })], agents: [agent()] })
      })
    )
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body])).toEqual([
      ['New chat: Carl', 'Where is my order?'],
      ['New chat: Eve', 'Where is my order?']
    ])
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => {})
    await clickNotification(FakeNotification.shown[1]!)
    expect(focus).toHaveBeenCalled()
    expect(FakeNotification.shown[1]!.closed).toBe(true)
    expect(one(root, '.desk').classList.contains('panel-open')).toBe(true)
    expect(document.activeElement).toBe(one(root, '[data-testid="waiting-item"][data-chat-id="w2"]'))
    // Focused, the entry's info card is what the agent sees: its button describes itself by it.
    expect(text(document.getElementById(document.activeElement!.getAttribute('aria-describedby')!))).toContain('Eve')
  })

  it('renames the notification when the customer’s name follows their first message', async () => {
    const { socket } = await start(panel(), [], {}, notifying)
    await setHidden(true)
    const unnamed = summary({ id: 'w1', customer: { verified: [] } })
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [unnamed] }) }))
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [{ ...unnamed, customer: { name: 'Fay', verified: [] } }] }) }))
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [{ ...unnamed, customer: { name: 'Fay', verified: [] } }] }) }))
    expect(FakeNotification.shown.map((n) => [n.title, n.options.tag])).toEqual([
      ['New chat: Visitor', 'parley-w1'],
      ['New chat: Fay', 'parley-w1']
    ])
  })

  it('focuses the waiting customer in the open panel on a wide screen without unfolding anything', async () => {
    folded(false)
    const { root, socket } = await start(panel(), [], {}, notifying)
    await setHidden(true)
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [summary({ id: 'w1' })] }) }))
    await clickNotification(FakeNotification.shown[0]!)
    expect(one(root, '.desk').classList.contains('panel-open')).toBe(false)
    expect(document.activeElement).toBe(one(root, '[data-testid="waiting-item"][data-chat-id="w1"]'))
  })

  it('opens the chat read-only when another agent answered the customer before the click', async () => {
    const { root, socket } = await start(panel(), [], {}, notifying)
    await setHidden(true)
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [summary({ id: 'w1' })] }) }))
    await step(() =>
      socket.receive({ type: 'panel', pv: 0, panel: panel({ chatting: [activeSummary({ id: 'w1', agentId: 'agent-ben', agentName: 'Ben' })] }) })
    )
    await clickNotification(FakeNotification.shown[0]!)
    expect(one(root, '[data-testid="chat-window"]').getAttribute('data-chat-id')).toBe('w1')
    expect(text(root)).toContain('Ben is in this chat. You are reading along.')
  })

  it('says so when the customer of a notification is gone by the time it is clicked', async () => {
    const { root, socket } = await start(panel(), [], {}, notifying)
    await setHidden(true)
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [summary({ id: 'w1' })] }) }))
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel() }))
    await clickNotification(FakeNotification.shown[0]!)
    expect(text(one(root, '[data-testid="toast"]'))).toContain('That customer is no longer waiting.')
    expect(root.querySelector('[data-testid="chat-window"]')).toBeNull()
  })

  it('notifies a hidden console of a message in the agent’s chat; the click opens that chat', async () => {
    location.hash = '#/tickets/open'
    const { root, socket } = await start(panel(), [activeSummary(), dora], { 'GET /api/tickets': { status: 200, body: { tickets: [] } } }, notifying)
    await settle()
    await setHidden(true)
    await step(() => socket.receive({ type: 'message', message: message(1, { chatId: 'chat-2', id: 'd1', parts: [{ type: 'text', text: 'Hello?' }] }) }))
    expect(FakeNotification.shown.map((n) => [n.title, n.options.body, n.options.tag])).toEqual([['Dora', 'Hello?', 'parley-message-chat-2']])
    expect(document.title).toBe('(1) Parley console')
    await clickNotification(FakeNotification.shown[0]!)
    await step(() => window.dispatchEvent(new HashChangeEvent('hashchange')))
    expect(location.hash).toBe('#/chats')
    expect(text(one(root, '[role="tab"][aria-selected="true"]'))).toBe('Dora')
    expect(root.querySelector('[data-testid="unread"]')).toBeNull()
    expect(document.title).toBe('Parley console')
  })

  it('notifies of nothing while the tab is shown or the agent turned notifications off', async () => {
    const { socket } = await start(panel(), [activeSummary(), dora], {}, notifying)
    await step(() => socket.receive({ type: 'message', message: message(1, { chatId: 'chat-2', id: 'd1' }) }))
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [summary({ id: 'w1' })] }) }))
    expect(FakeNotification.shown).toEqual([])
    await step(() => socket.receive({ type: 'me', me: anna() }))
    await setHidden(true)
    await step(() => socket.receive({ type: 'message', message: message(2, { chatId: 'chat-2', id: 'd2' }) }))
    await step(() => socket.receive({ type: 'panel', pv: 0, panel: panel({ waiting: [summary({ id: 'w1' }), summary({ id: 'w2' })] }) }))
    expect(FakeNotification.shown).toEqual([])
  })
})
