import { describe, expect, it } from 'vitest'
import { formatClock, formatWait } from '../../console/format.js'
import { eventText, customerName } from '../../console/names.js'
import { message, summary } from './fixtures.js'

describe('console formatting', () => {
  it('shows clock times as HH:MM', () => {
    expect(formatClock(new Date(2030, 0, 1, 9, 5).getTime())).toBe('09:05')
    expect(formatClock(new Date(2030, 0, 1, 23, 59, 59).getTime())).toBe('23:59')
  })

  it('shows waiting times in minutes and hours', () => {
    expect(formatWait(30_000)).toBe('<1 min')
    expect(formatWait(-5000)).toBe('<1 min')
    expect(formatWait(2 * 60_000 + 59_000)).toBe('2 min')
    expect(formatWait(60 * 60_000)).toBe('1 h')
    expect(formatWait(65 * 60_000)).toBe('1 h 5 min')
  })

  it('calls a customer without a name "Visitor"', () => {
    expect(customerName(summary({ customer: { verified: [] } }))).toBe('Visitor')
    expect(customerName(summary({ customer: { name: '  ', verified: [] } }))).toBe('Visitor')
    expect(customerName(summary())).toBe('Carl')
  })

  it('turns system events into sentences', () => {
    const sys = (event: 'joined' | 'ended' | 'transferred' | 'requeued', name?: string) => message(1, { from: 'system', parts: [], event, name })
    expect(eventText(sys('joined', 'Anna Berg'))).toBe('Anna Berg joined the chat')
    expect(eventText(sys('transferred', 'Bob'))).toBe('Chat transferred to Bob')
    expect(eventText(sys('requeued'))).toBe('The chat went back to the waiting queue')
    expect(eventText(sys('ended', 'Carl'))).toBe('Carl ended the chat')
    expect(eventText(sys('ended'))).toBe('The chat ended')
    // The relay names the customer "customer" when they end the chat.
    expect(eventText(sys('ended', 'customer'), 'Carl')).toBe('Carl ended the chat')
  })
})
