// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { ChatNote } from '../../protocol/index.js'
import { button, one, press, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { activeSummary, message, NOON, panel, summary } from './fixtures.js'
import { inChat, sentOf, start } from './harness.js'

const note = (over: Partial<ChatNote> = {}): ChatNote => ({
  id: 'n1',
  chatId: 'chat-1',
  agentId: 'agent-ben',
  name: 'Ben',
  text: 'Carl called yesterday about the same parcel',
  at: NOON + 1500,
  ...over
})

const composer = (root: ParentNode) => one<HTMLTextAreaElement>(root, '.composer-input')

describe('notes, receipts, ratings and business hours in the chat window', () => {
  resetPageEachTest()

  it('writes an internal note from the Note tab: yellow, labelled, never typing to the customer', async () => {
    const { root, socket } = await inChat()
    await step(() => button(root, 'Note').click())
    expect(one(root, '.composer').classList.contains('is-note')).toBe(true)
    expect(composer(root).getAttribute('aria-label')).toBe('Internal note')
    expect(text(one(root, '.composer'))).toContain('Only agents see this')
    // No image button for a note.
    expect(root.querySelector('button[aria-label="Send an image"]')).toBeNull()
    await typeInto(composer(root), 'Refund approved by Dana')
    await press(composer(root), 'Enter')
    expect(sentOf(socket.sent, 'typing')).toEqual([])
    const [sent] = sentOf(socket.sent, 'note')
    expect(sent).toMatchObject({ chatId: 'chat-1', text: 'Refund approved by Dana' })
    expect(sentOf(socket.sent, 'send')).toEqual([])
    const pending = one(root, '[data-testid="note"]')
    expect(text(pending)).toContain('Saving…')
    await step(() =>
      socket.receive({ type: 'note', note: note({ id: sent!.id, agentId: 'agent-anna', name: 'Anna Berg', text: 'Refund approved by Dana', at: NOON + 9000 }) })
    )
    const saved = one(root, '[data-testid="note"]')
    expect(text(saved)).toMatch(/^Internal note Anna Berg \d\d:\d\d Refund approved by Dana Only agents see this$/)
    // Back to Reply: a message goes to the customer again.
    await step(() => button(root, 'Reply').click())
    await typeInto(composer(root), 'Your refund is on its way')
    await press(composer(root), 'Enter')
    expect(sentOf(socket.sent, 'send')).toHaveLength(1)
  })

  it('shows notes among the messages by time', async () => {
    const { root, socket } = await inChat()
    await step(() =>
      socket.receive({
        type: 'history',
        chatId: 'chat-1',
        messages: [message(1), message(2)],
        notes: [note(), note({ id: 'n2', at: NOON + 5000, text: 'later' })]
      })
    )
    const rows = [...root.querySelectorAll('.msgs > li')].map((li) => (li.getAttribute('data-testid') === 'note' ? 'note' : 'm' + li.getAttribute('data-seq')))
    expect(rows).toEqual(['m1', 'note', 'm2', 'note'])
  })

  it('lets an agent reading along leave a note, and nothing else', async () => {
    const bens = activeSummary({ id: 'chat-9', agentId: 'agent-ben', agentName: 'Ben' })
    const { root, socket } = await start(panel({ chatting: [bens] }))
    await step(() => (one(root, '[data-testid="chatting-item"]') as HTMLButtonElement).click())
    await step(() => socket.receive({ type: 'history', chatId: 'chat-9', messages: [message(1, { chatId: 'chat-9' })] }))
    const window = one(root, '[data-testid="chat-window"]')
    expect(window.querySelector('textarea')).toBeNull()
    await step(() => button(window, 'Add an internal note').click())
    expect(window.querySelector('.compose-mode')).toBeNull()
    expect(document.activeElement).toBe(composer(window))
    expect(composer(window).getAttribute('aria-label')).toBe('Internal note')
    await typeInto(composer(window), 'Ben, this one is a VIP')
    await press(composer(window), 'Enter')
    expect(sentOf(socket.sent, 'note')).toMatchObject([{ chatId: 'chat-9', text: 'Ben, this one is a VIP' }])
    expect(sentOf(socket.sent, 'read')).toEqual([])
  })

  it('marks the customer’s messages read once it shows them, and shows Seen under the last agent message they read', async () => {
    const { root, socket } = await start(panel(), [activeSummary()])
    await step(() =>
      socket.receive({
        type: 'history',
        chatId: 'chat-1',
        messages: [message(1), message(2, { from: 'agent', name: 'Anna Berg' }), message(3, { from: 'agent', name: 'Anna Berg' })],
        reads: { customer: 0, agent: 0 }
      })
    )
    expect(sentOf(socket.sent, 'read')).toEqual([{ type: 'read', chatId: 'chat-1', seq: 3 }])
    expect(root.querySelector('[data-testid="seen"]')).toBeNull()
    await step(() => socket.receive({ type: 'read', chatId: 'chat-1', seq: 2 }))
    expect(one(root, '[data-testid="seen"]').closest('li')!.getAttribute('data-seq')).toBe('2')
    await step(() => socket.receive({ type: 'read', chatId: 'chat-1', seq: 3 }))
    expect(one(root, '[data-testid="seen"]').closest('li')!.getAttribute('data-seq')).toBe('3')
    // The same message again reads nothing new.
    await step(() => socket.receive({ type: 'message', message: message(1) }))
    expect(sentOf(socket.sent, 'read')).toHaveLength(1)
  })

  it('shows the topic, that the chat came in outside business hours, and the rating as it arrives', async () => {
    const { root, socket } = await inChat()
    await step(() => socket.receive({ type: 'chat', chat: activeSummary({ topic: 'Returns', outsideHours: true }) }))
    expect(text(one(root, '[data-testid="chat-topic"]'))).toBe('Topic Returns')
    expect(text(one(root, '[data-testid="chat-arrival"]'))).toBe('Outside business hours')
    expect(root.querySelector('[data-testid="chat-rating"]')).toBeNull()
    await step(() =>
      socket.receive({ type: 'chat', chat: activeSummary({ status: 'ended', topic: 'Returns', rating: 'bad', ratingComment: 'Took too long' }) })
    )
    expect(text(one(root, '[data-testid="chat-rating"]'))).toBe('Rated Bad Took too long')
    // The thumb is drawn (no emoji font needed) and turned over for a bad rating.
    expect(one(root, '[data-testid="chat-rating"] svg path').getAttribute('transform')).toBe('rotate(180 12 12)')
  })

  it('puts the pre-chat topic, the rating and the business hours on the info card', async () => {
    const waiting = summary({ id: 'w1', topic: 'Orders', outsideHours: true, customer: { name: 'Carl', email: 'carl@example.com', verified: [] } })
    const { root } = await start(panel({ waiting: [waiting] }))
    const card = text(one(root, '#card-w1'))
    expect(card).toContain('Email carl@example.com')
    expect(card).toContain('Topic Orders')
    expect(card).toContain('Came in Outside business hours')
  })

  it('says in the panel when the site is outside its business hours, live', async () => {
    const { root, socket } = await start()
    expect(root.querySelector('[data-testid="outside-hours"]')).toBeNull()
    await step(() => socket.receive({ type: 'hours', outsideHours: true }))
    expect(text(one(root, '[data-testid="outside-hours"]'))).toMatch(/^Outside business hours Customers cannot start new chats now, even with your chat on\./)
    await step(() => socket.receive({ type: 'hours', outsideHours: false }))
    await settle()
    expect(root.querySelector('[data-testid="outside-hours"]')).toBeNull()
  })
})
