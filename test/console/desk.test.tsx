// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { CLOSE } from '../../protocol/index.js'
import { parseRoute, routeHash, type Route } from '../../console/route.js'
import { shortcutOf } from '../../console/shortcuts.js'
import { button, field, one, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { activeSummary, agent, anna, message, panel, summary } from './fixtures.js'
import { start } from './harness.js'

const two = () => [activeSummary(), activeSummary({ id: 'chat-2', customer: { name: 'Dora', verified: [] }, title: 'Dora' })]

const key = (init: KeyboardEventInit) => step(() => document.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init })))

const selectedTab = (root: HTMLElement) => text(one(root, '[role="tab"][aria-selected="true"]'))

describe('the desk', () => {
  resetPageEachTest({ clearStorage: true })

  it('reads and writes every view of the hash', () => {
    const routes: Route[] = [
      { view: 'chats' },
      { view: 'chats', chatId: 'abc-1' },
      { view: 'tickets', filter: 'open' },
      { view: 'tickets', filter: 'closed' },
      { view: 'tickets', filter: 'open', ticketId: 't7' },
      { view: 'admin', tab: 'agents' },
      { view: 'admin', tab: 'site' },
      { view: 'admin', tab: 'modules' }
    ]
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r)
    expect(parseRoute('')).toEqual({ view: 'chats' })
    expect(parseRoute('#/admin')).toEqual({ view: 'admin', tab: 'agents' })
    expect(parseRoute('#/ticket/<script>')).toEqual({ view: 'chats' })
  })

  it('maps key presses to shortcuts by code, so Alt+digit works on every keyboard layout', () => {
    const press = (over: Partial<KeyboardEvent>, inField = false) =>
      shortcutOf({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...over }, inField)
    expect(press({ altKey: true, code: 'Digit3', key: '£' })).toEqual({ kind: 'chat', index: 2 })
    expect(press({ altKey: true, ctrlKey: true, key: 'ArrowLeft' })).toEqual({ kind: 'step', by: -1 })
    expect(press({ altKey: true, shiftKey: true, code: 'KeyA', key: 'Å' })).toEqual({ kind: 'answer' })
    expect(press({ key: '?' })).toEqual({ kind: 'help' })
    expect(press({ key: '?' }, true)).toBeUndefined()
    expect(press({ code: 'Digit3', key: '3' })).toBeUndefined()
  })

  it('switches chats with Alt+number and Ctrl+Alt+arrows', async () => {
    const { root } = await start(panel(), two())
    expect(selectedTab(root)).toBe('Carl')
    await key({ altKey: true, code: 'Digit2', key: '2' })
    expect(selectedTab(root)).toBe('Dora')
    expect(document.activeElement).toBe(field(root, 'Message'))
    await key({ altKey: true, ctrlKey: true, key: 'ArrowRight' })
    expect(selectedTab(root)).toBe('Carl')
    await key({ altKey: true, ctrlKey: true, key: 'ArrowLeft' })
    expect(selectedTab(root)).toBe('Dora')
  })

  it('answers the customer who waited longest with Alt+Shift+A', async () => {
    const { socket } = await start(panel({ waiting: [summary({ id: 'w1' }), summary({ id: 'w2' })] }))
    await key({ altKey: true, shiftKey: true, code: 'KeyA', key: 'A' })
    expect(socket.sent.at(-1)).toEqual({ type: 'accept', chatId: 'w1' })
  })

  it('lists the shortcuts on ? and from the menu', async () => {
    const { root } = await start()
    await key({ key: '?' })
    const help = one(root, '[data-testid="shortcuts"]')
    expect(text(help)).toContain('Alt 1…9 Show open chat 1 to 9')
    await step(() => button(help, 'Close').click())
    await step(() => button(root, 'Keyboard shortcuts').click())
    expect(root.querySelector('[data-testid="shortcuts"]')).not.toBeNull()
  })

  it('marks unread messages on the tab and in the chatting list until the chat is shown', async () => {
    const chats = two()
    const { root, socket } = await start(panel({ chatting: chats }), chats)
    await step(() => socket.receive({ type: 'message', message: message(1, { id: 'd1', chatId: 'chat-2' }) }))
    expect(text(one(root, '#tab-chat-2 [data-testid="unread"]'))).toBe('1 unread')
    expect(text(one(root, '[data-chat-id="chat-2"] [data-testid="chatting-unread"]'))).toBe('1 unread')
    await step(() => one(root, '[data-testid="chatting-item"][data-chat-id="chat-2"]').click())
    expect(root.querySelector('[data-testid="unread"]')).toBeNull()
    expect(root.querySelector('[data-testid="chatting-unread"]')).toBeNull()
  })

  it('shows chats side by side on a wide screen when the agent asks, and remembers it', async () => {
    vi.spyOn(window, 'matchMedia').mockImplementation(
      (query) => ({ matches: true, media: query, addEventListener() {}, removeEventListener() {} }) as unknown as MediaQueryList
    )
    const { root } = await start(panel(), two())
    expect(root.querySelectorAll('[data-testid="chat-window"]')).toHaveLength(1)
    await step(() => button(root, 'Side by side').click())
    const windows = root.querySelectorAll<HTMLElement>('[data-testid="chat-window"]')
    expect(windows).toHaveLength(2)
    expect(button(root, 'Side by side').getAttribute('aria-pressed')).toBe('true')
    expect(localStorage.getItem('parley:layout')).toBe('columns')
    // Working in the second chat brings it to front.
    await step(() => windows[1]!.dispatchEvent(new FocusEvent('focusin', { bubbles: true })))
    expect(selectedTab(root)).toBe('Dora')
  })

  it('offers side by side only where two chats fit', async () => {
    const { root } = await start(panel(), two())
    expect(root.querySelector('.layout-toggle')).toBeNull()
  })

  it('folds the panel away behind a button that shows who is waiting (tablets)', async () => {
    const { root, socket } = await start(panel({ waiting: [summary()] }))
    const toggle = button(root, 'Panel , chat on 1 waiting')
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    await step(() => toggle.click())
    expect(one(root, '.desk').classList.contains('panel-open')).toBe(true)
    expect(document.activeElement).toBe(one(root, '[role="switch"]'))
    await step(() => one(root, '[data-testid="waiting-item"]').click())
    expect(socket.sent.at(-1)).toEqual({ type: 'accept', chatId: 'chat-1' })
    expect(one(root, '.desk').classList.contains('panel-open')).toBe(false)
  })

  it('goes back to the chats when a waiting customer is answered from another view', async () => {
    location.hash = '#/tickets/open'
    const { root } = await start(panel({ waiting: [summary()] }), [], { 'GET /api/tickets': { status: 200, body: { tickets: [] } } })
    await settle()
    expect(root.querySelector('[data-testid="tickets-view"]')).not.toBeNull()
    await step(() => one(root, '[data-testid="waiting-item"]').click())
    await step(() => window.dispatchEvent(new HashChangeEvent('hashchange')))
    expect(location.hash).toBe('#/chats')
    expect(root.querySelector('[data-testid="tickets-view"]')).toBeNull()
  })

  it('changes the password and carries on with the new session', async () => {
    const { root, api, sockets } = await start(panel(), [], {
      'POST /api/password': { status: 200, body: { me: anna() } }
    })
    await step(() => button(root, 'Change password').click())
    const dialog = one(root, '[data-testid="password"]')
    await typeInto(field(dialog, 'Current password'), 'old secret')
    await typeInto(field(dialog, 'New password'), 'new secret 1')
    await typeInto(field(dialog, 'Repeat the new password'), 'new secret 2')
    await step(() => button(dialog, 'Change password').click())
    expect(text(one(dialog, '[role="alert"]'))).toBe('The new passwords do not match.')
    await typeInto(field(dialog, 'Repeat the new password'), 'new secret 1')
    await step(() => {
      button(dialog, 'Change password').click()
      // The relay ends every socket of the old session before it answers.
      sockets.last().drop(CLOSE.unauthorized, 'session ended')
    })
    await settle()
    expect(api.calls.at(-1)).toEqual({ method: 'POST', url: '/api/password', body: { current: 'old secret', next: 'new secret 1' } })
    expect(root.querySelector('[data-testid="login-form"]')).toBeNull()
    expect(sockets.sockets).toHaveLength(2)
    await step(() => sockets.last().open())
    await step(() => sockets.last().receive({ type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel({ agents: [agent()] }), mine: [] }))
    expect(text(one(root, '[data-testid="connection"]'))).toBe('Online')
    expect(text(one(root, '[data-testid="toast"]'))).toContain('Your password was changed.')
  })

  it('keeps the agent logged in when the current password is wrong', async () => {
    const { root } = await start(panel(), [], {
      'POST /api/password': { status: 401, body: { code: 'unauthorized', message: 'The current password is wrong' } }
    })
    await step(() => button(root, 'Change password').click())
    const dialog = one(root, '[data-testid="password"]')
    await typeInto(field(dialog, 'Current password'), 'guess')
    await typeInto(field(dialog, 'New password'), 'new secret 1')
    await typeInto(field(dialog, 'Repeat the new password'), 'new secret 1')
    await step(() => button(dialog, 'Change password').click())
    await settle()
    expect(text(one(dialog, '[role="alert"]'))).toBe('The current password is wrong')
    expect(text(one(root, '[data-testid="connection"]'))).toBe('Online')
  })

  it('links a chat to the ticket made from it', async () => {
    const ended = activeSummary({ status: 'ended' })
    const { root, socket } = await start(panel(), [activeSummary()])
    await step(() => socket.receive({ type: 'chat', chat: ended }))
    await step(() =>
      socket.receive({
        type: 'ticket',
        ticket: {
          id: 't7',
          number: 7,
          chatId: 'chat-1',
          title: 'Carl',
          customer: {},
          tags: [],
          status: 'open',
          note: '',
          chatUrl: '',
          createdAt: 0,
          webhook: { status: 'none', attempts: 0 }
        }
      })
    )
    expect(one(root, '[data-testid="ticket"] a').getAttribute('href')).toBe('#/ticket/t7')
  })
})
