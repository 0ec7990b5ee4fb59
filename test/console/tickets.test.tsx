// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { Ticket } from '../../protocol/index.js'
import { button, one, resetPageEachTest, settle, step, text } from './dom.js'
import { NOON, panel } from './fixtures.js'
import { start } from './harness.js'

const ticket = (over: Partial<Ticket> = {}): Ticket => ({
  id: 't7',
  number: 7,
  chatId: 'chat-1',
  title: 'Lost parcel',
  customer: { name: 'Carl', email: 'carl@example.net' },
  tags: ['shipping'],
  status: 'open',
  note: 'Chat: http://relay.test/console/#/chat/chat-1\n\nTranscript:\n[2030-03-01 12:00 UTC] Carl: Where is my order?',
  chatUrl: 'http://relay.test/console/#/chat/chat-1',
  createdAt: NOON,
  webhook: { status: 'none', attempts: 0 },
  ...over
})

const failed = ticket({ id: 't8', number: 8, chatId: 'chat-2', title: 'Refund', webhook: { status: 'failed', attempts: 8, error: 'HTTP 500' } })
const closed = ticket({ id: 't6', number: 6, chatId: 'chat-3', title: 'Old question', status: 'closed' })

/** The console on `hash`, the relay holding the three tickets. */
const onTickets = async (hash: string, routes = {}) => {
  location.hash = hash
  const s = await start(panel(), [], { 'GET /api/tickets': { status: 200, body: { tickets: [failed, ticket(), closed] } }, ...routes })
  await settle()
  return s
}

const rows = (root: HTMLElement) => [...root.querySelectorAll('[data-testid="ticket-row"]')].map(text)

describe('the Tickets view', () => {
  resetPageEachTest()

  it('lists open tickets newest first with their customer, tags and delivery, a failure in plain sight', async () => {
    const { root } = await onTickets('#/tickets/open')
    expect(rows(root)).toEqual([
      expect.stringMatching(/^#8 Refund Carl · carl@example.net shipping Failed: HTTP 500/),
      expect.stringMatching(/^#7 Lost parcel Carl · carl@example.net shipping —/)
    ])
    const cell = one(root, '[data-testid="ticket-row"] .delivery.is-failed')
    expect(cell.getAttribute('title')).toBe('Sending to the help desk failed after 8 attempts: HTTP 500')
    expect(text(one(root, '[aria-label="Ticket status"]'))).toBe('Open 2 Closed 1')
  })

  it('lists closed tickets on their own tab', async () => {
    const { root } = await onTickets('#/tickets/closed')
    expect(rows(root)).toEqual([expect.stringMatching(/^#6 Old question/)])
  })

  it('opens a ticket with its first note, whose chat link opens the transcript in the console', async () => {
    const { root } = await onTickets('#/ticket/t7')
    const detail = one(root, '[data-testid="ticket-detail"]')
    expect(text(one(detail, 'h2'))).toBe('Lost parcel')
    expect(text(detail)).toContain('No help desk is connected')
    const link = one<HTMLAnchorElement>(detail, '[data-testid="ticket-note-link"]')
    expect(link.getAttribute('href')).toBe('#/chat/chat-1')
    expect(text(link)).toBe('http://relay.test/console/#/chat/chat-1')
    expect(text(one(detail, '.ticket-note-text'))).toContain('Carl: Where is my order?')
  })

  it('closes and reopens a ticket', async () => {
    const { root, api } = await onTickets('#/ticket/t7', {
      'PATCH /api/tickets/t7': { status: 200, body: { ticket: ticket({ status: 'closed' }) } }
    })
    await step(() => button(root, 'Close ticket').click())
    await settle()
    expect(api.calls.at(-1)).toEqual({ method: 'PATCH', url: '/api/tickets/t7', body: { status: 'closed' } })
    expect(button(root, 'Reopen ticket')).toBeTruthy()
    expect(text(one(root, '[aria-label="Ticket status"]'))).toBe('Open 1 Closed 2')
  })

  it('follows tickets live: a new one appears, a delivery that fails shows at once', async () => {
    const { root, socket } = await onTickets('#/tickets/open')
    await step(() => socket.receive({ type: 'ticket', ticket: ticket({ id: 't9', number: 9, chatId: 'chat-9', title: 'New one' }) }))
    expect(rows(root)[0]).toMatch(/^#9 New one/)
    await step(() => socket.receive({ type: 'ticket', ticket: ticket({ webhook: { status: 'failed', attempts: 1, error: 'timeout' } }) }))
    expect(rows(root)[2]).toContain('Failed: timeout')
  })

  it('retries a failed delivery from the ticket and follows it as it goes', async () => {
    const pending = { ...failed, webhook: { status: 'pending' as const, attempts: 0 } }
    const { root, api, socket } = await onTickets('#/ticket/t8', { 'POST /api/tickets/t8/webhook': { status: 200, body: { ticket: pending } } })
    const delivery = () => text(one(root, '[data-testid="ticket-detail-delivery"]'))
    expect(delivery()).toBe('Sending to the help desk failed after 8 attempts: HTTP 500')
    await step(() => button(root, 'Retry delivery').click())
    await settle()
    expect(api.calls.at(-1)).toEqual({ method: 'POST', url: '/api/tickets/t8/webhook', body: undefined })
    expect(delivery()).toBe('Sending to the help desk…')
    expect(root.textContent).not.toContain('Retry delivery')
    await step(() => socket.receive({ type: 'ticket', ticket: { ...failed, webhook: { status: 'delivered', attempts: 1 } } }))
    expect(delivery()).toBe('Sent to the help desk')
    expect(rows(root)[0]).toContain('Delivered')
  })

  it('keeps the failure the relay reports while the answer to a retry is still on its way', async () => {
    const pending = { ...failed, webhook: { status: 'pending' as const, attempts: 0 } }
    const { root, socket } = await onTickets('#/ticket/t8', { 'POST /api/tickets/t8/webhook': { status: 200, body: { ticket: pending } } })
    await step(() => {
      button(root, 'Retry delivery').click()
      socket.receive({ type: 'ticket', ticket: { ...failed, webhook: { status: 'failed', attempts: 1, error: 'fetch failed: ECONNREFUSED' } } })
    })
    await settle()
    expect(text(one(root, '[data-testid="ticket-detail-delivery"]'))).toBe('Sending to the help desk failed after 1 attempt: fetch failed: ECONNREFUSED')
    expect(button(root, 'Retry delivery')).toBeTruthy()
  })

  it('says why a delivery cannot be retried', async () => {
    const { root } = await onTickets('#/ticket/t8', {
      'POST /api/tickets/t8/webhook': { status: 409, body: { code: 'conflict', message: 'No webhook is configured (PARLEY_WEBHOOK_URL)' } }
    })
    await step(() => button(root, 'Retry delivery').click())
    await settle()
    expect(text(one(root, '[data-testid="ticket-detail"] [role="alert"]'))).toBe('No webhook is configured (PARLEY_WEBHOOK_URL)')
    expect(button(root, 'Retry delivery').disabled).toBe(false)
  })

  it('offers no retry for a delivery that did not fail', async () => {
    const { root } = await onTickets('#/ticket/t7')
    expect(root.textContent).not.toContain('Retry delivery')
  })

  it('shows the first note with its chat link apart from the transcript, without blank lines between', async () => {
    const { root } = await onTickets('#/ticket/t7')
    expect(one(root, '.ticket-note-text').textContent).toMatch(/^Transcript:\n/)
  })

  it('says why the tickets could not be loaded', async () => {
    location.hash = '#/tickets/open'
    const { root } = await start(panel(), [], { 'GET /api/tickets': { status: 500, body: { code: 'internal', message: 'Something went wrong' } } })
    await settle()
    expect(text(one(root, '[data-testid="tickets-view"] [role="alert"]'))).toBe('Something went wrong')
  })
})
