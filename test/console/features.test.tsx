// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { HIGHLIGHT, type ChatDetails, type TextModule, type Ticket } from '../../protocol/index.js'
import { button, editDetailsButton, field, one, press, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { activeSummary, anna, message, NOON, panel, summary } from './fixtures.js'
import { inChat, sentOf, start } from './harness.js'

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: 't7',
  number: 7,
  chatId: 'chat-1',
  title: 'Carl',
  customer: { name: 'Carl' },
  tags: [],
  status: 'open',
  note: 'Chat: http://localhost/console/#/chat/chat-1',
  chatUrl: 'http://localhost/console/#/chat/chat-1',
  createdAt: NOON,
  webhook: { status: 'none', attempts: 0 },
  ...over
})

const ended = activeSummary({ status: 'ended', endedAt: NOON + 60_000 })

const details = (over: Partial<ChatDetails> = {}): ChatDetails => ({
  chat: ended,
  tech: {
    ip: '203.0.113.9',
    userAgent: 'Mozilla/5.0 Firefox/131.0',
    pages: [{ url: 'https://shop.example/cart', title: 'Cart', at: NOON }]
  },
  messages: [message(1), message(2, { id: 's2', from: 'system', event: 'ended', name: 'customer', parts: [] })],
  ...over
})

describe('console features beyond the live chat', () => {
  resetPageEachTest()

  it('turns an ended chat into a ticket with one click', async () => {
    const { root, socket, api } = await inChat({ 'POST /api/chats/chat-1/ticket': { status: 201, body: { ticket: ticket(), created: true } } })
    await step(() => socket.receive({ type: 'chat', chat: ended }))
    await step(() => button(root, 'Turn chat into ticket').click())
    await settle()
    expect(api.calls.filter((c) => c.method === 'POST' && c.url === '/api/chats/chat-1/ticket')).toHaveLength(1)
    expect(text(one(root, '[data-testid="ticket"]'))).toBe('Ticket #7 created')
    expect(root.textContent).not.toContain('Turn chat into ticket')
    // The relay tells every agent how the ticket's delivery went.
    await step(() => socket.receive({ type: 'ticket', ticket: ticket({ webhook: { status: 'delivered', attempts: 1 } }) }))
    expect(text(one(root, '[data-testid="ticket"]'))).toBe('Ticket #7 created, sent to the help desk')
  })

  it('shows the ticket already made from a chat instead of offering another', async () => {
    const { root, socket } = await inChat({ 'GET /api/tickets/t7': { status: 200, body: { ticket: ticket() } } })
    await step(() => socket.receive({ type: 'chat', chat: { ...ended, ticketId: 't7' } }))
    await settle()
    expect(text(one(root, '[data-testid="ticket"]'))).toBe('Ticket #7 created')
  })

  it('renames and tags a chat from its title', async () => {
    const renamed = activeSummary({ title: 'Lost parcel', tags: ['shipping', 'urgent'] })
    const { root, api } = await inChat({ 'PATCH /api/chats/chat-1': { status: 200, body: { chat: renamed } } })
    await step(() => editDetailsButton(root).click())
    await typeInto(field(root, 'Title'), 'Lost parcel')
    await typeInto(field(root, 'Tags'), 'Shipping, urgent,')
    await step(() => button(root, 'Save').click())
    await settle()
    expect(api.calls.at(-1)).toEqual({ method: 'PATCH', url: '/api/chats/chat-1', body: { title: 'Lost parcel', tags: ['Shipping', 'urgent'] } })
    expect(text(one(root, '.chat-subtitle'))).toBe('Lost parcel shipping urgent')
  })

  it("loads the customer's technical details when they are opened", async () => {
    const { root } = await inChat({ 'GET /api/chats/chat-1': { status: 200, body: details({ chat: activeSummary() }) } })
    const disclosure = one<HTMLDetailsElement>(root, '[data-testid="customer-details"]')
    await step(() => {
      disclosure.open = true
      disclosure.dispatchEvent(new Event('toggle'))
    })
    await settle()
    expect(text(disclosure)).toContain('IP address 203.0.113.9')
    expect(text(disclosure)).toContain('Pages visited')
    expect(text(disclosure)).toContain('Cart')
  })

  it("saves the agent's settings", async () => {
    const saved = anna({ displayName: 'Anna B.', maxChats: 5, greetings: ['Hi, I am Anna!'], sound: true })
    const { root, api } = await start(panel(), [], { 'PUT /api/me/settings': { status: 200, body: { me: saved } } })
    await step(() => button(root, 'Settings').click())
    const dialog = one(root, '[data-testid="settings"]')
    await typeInto(field(dialog, 'Name shown to customers'), 'Anna B.')
    await typeInto(field(dialog, 'Maximum simultaneous chats'), '5')
    await typeInto(field<HTMLTextAreaElement>(dialog, 'Auto-greetings'), 'Hi, I am Anna!\n\n')
    await step(() => {
      const sound = dialog.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[0]!
      sound.click()
    })
    await step(() => button(dialog, 'Save').click())
    await settle()
    expect(api.calls.at(-1)).toEqual({
      method: 'PUT',
      url: '/api/me/settings',
      body: { displayName: 'Anna B.', maxChats: 5, greetings: ['Hi, I am Anna!'], sound: true, notifications: false }
    })
    expect(root.querySelector('[data-testid="settings"]')).toBeNull()
    expect(text(one(root, '[data-testid="agent-name"]'))).toBe('Anna B.')
  })

  it('refuses a maximum of chats outside 1–20 before asking the relay', async () => {
    const { root, api } = await start()
    await step(() => button(root, 'Settings').click())
    const dialog = one(root, '[data-testid="settings"]')
    await typeInto(field(dialog, 'Maximum simultaneous chats'), '50')
    await step(() => button(dialog, 'Save').click())
    expect(text(one(dialog, '[role="alert"]'))).toBe('Maximum chats must be a whole number from 1 to 20.')
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false)
  })

  it('searches the archive and opens an old chat read-only', async () => {
    const old = summary({ id: 'old-1', status: 'ended', title: 'Carl', endedAt: NOON })
    const { root } = await start(panel(), [], {
      'GET /api/archive?q=parcel': { status: 200, body: { hits: [{ chat: old, snippet: 'my ' + HIGHLIGHT.start + 'parcel' + HIGHLIGHT.end + '?' }] } },
      'GET /api/chats/old-1': {
        status: 200,
        body: details({ chat: old, messages: [message(1, { chatId: 'old-1', parts: [{ type: 'text', text: 'Where is my parcel?' }] })] })
      }
    })
    const box = field(root, 'Search chats')
    await typeInto(box, 'parcel')
    await step(() => box.form!.requestSubmit())
    await settle()
    const hit = one(root, '[data-testid="archive-hit"]')
    expect(one(hit, 'mark').textContent).toBe('parcel')
    await step(() => hit.click())
    await settle()
    const chat = one(root, '[data-testid="chat-window"]')
    expect(chat.dataset.chatId).toBe('old-1')
    expect(text(chat)).toContain('Where is my parcel?')
    expect(text(one(chat, '[data-testid="chat-ended"]'))).toBe('Chat ended')
    expect(root.querySelector('[data-testid="archive-results"]')).toBeNull()
  })

  it('shows more archive results a page at a time, each chat once, and says when a search took too long', async () => {
    const chat = (n: number) => summary({ id: `old-${n}`, status: 'ended', title: `Chat ${n}`, endedAt: NOON })
    const hit = (n: number) => ({ chat: chat(n), snippet: 'a ' + HIGHLIGHT.start + 'parcel' + HIGHLIGHT.end })
    const { root, api } = await start(panel(), [], {
      'GET /api/archive?q=parcel': { status: 200, body: { hits: [hit(9), hit(8)], next: 'p2' } },
      'GET /api/archive?q=parcel&cursor=p2': { status: 200, body: { hits: [hit(8), hit(7)], next: 'p3', timedOut: true } },
      'GET /api/archive?q=parcel&cursor=p3': { status: 200, body: { hits: [hit(6)] } }
    })
    const box = field(root, 'Search chats')
    await typeInto(box, 'parcel')
    await step(() => box.form!.requestSubmit())
    await settle()
    const results = one(root, '[data-testid="archive-results"]')
    const names = () => [...results.querySelectorAll('[data-testid="archive-hit"] .entry-name')].map((e) => e.textContent!.split(' · ').pop())
    expect(names()).toEqual(['Chat 9', 'Chat 8'])
    expect(text(one(results, '[role="status"]'))).toBe('2 chats')
    // The box may change meanwhile: More results goes on with the query shown.
    await typeInto(box, 'something else')
    await step(() => button(results, 'More results').click())
    await settle()
    expect(names()).toEqual(['Chat 9', 'Chat 8', 'Chat 7'])
    expect(text(one(results, '[role="status"]'))).toBe('3 chats — the search took too long; More results goes on from here')
    await step(() => button(results, 'More results').click())
    await settle()
    expect(names()).toEqual(['Chat 9', 'Chat 8', 'Chat 7', 'Chat 6'])
    expect(text(one(results, '[role="status"]'))).toBe('4 chats')
    expect(results.querySelector('[data-testid="archive-more"]')).toBeNull()
    expect(api.calls.filter((c) => c.url.startsWith('/api/archive')).map((c) => c.url)).toEqual([
      '/api/archive?q=parcel',
      '/api/archive?q=parcel&cursor=p2',
      '/api/archive?q=parcel&cursor=p3'
    ])
  })

  it('opens the chat a ticket links to (#/chat/<id>)', async () => {
    location.hash = '#/chat/chat-1'
    try {
      const { root } = await start(panel(), [], { 'GET /api/chats/chat-1': { status: 200, body: details() } })
      await settle()
      expect(one(root, '[data-testid="chat-window"]').dataset.chatId).toBe('chat-1')
      expect(text(one(root, '[data-testid="chat-ended"]'))).toBe('Chat ended')
    } finally {
      location.hash = ''
    }
  })

  it('offers text modules after :: and inserts one with its placeholders filled', async () => {
    const modules: TextModule[] = [
      { id: 'm1', name: 'Thanks', keywords: 'thx', content: 'Thank you, {{customer.name}}! — {{agent.name}}', updatedAt: 0 },
      { id: 'm2', name: 'Shipping', keywords: 'parcel', content: 'We ship within 2 days.', updatedAt: 0 }
    ]
    const { root, socket } = await inChat({ 'GET /api/text-modules': { status: 200, body: { modules } } })
    const box = field<HTMLTextAreaElement>(root, 'Message')
    await typeInto(box, 'Sure. ::thx')
    await settle()
    const options = root.querySelectorAll('[role="option"]')
    expect([...options].map((o) => text(o.querySelector('.module-name')))).toEqual(['Thanks'])
    await press(box, 'Enter')
    expect(box.value).toBe('Sure. Thank you, Carl! — Anna Berg')
    expect(sentOf(socket.sent, 'send')).toEqual([])
    expect(root.querySelector('[role="listbox"]')).toBeNull()
  })
})
