import { describe, expect, it } from 'vitest'
import { formatClock } from '../../protocol/index.js'

describe('formatClock', () => {
  it('shows a time as HH:MM on a 24-hour clock, seconds dropped', () => {
    expect(formatClock(new Date(2030, 0, 1, 0, 0).getTime())).toBe('00:00')
    expect(formatClock(new Date(2030, 0, 1, 9, 5).getTime())).toBe('09:05')
    expect(formatClock(new Date(2030, 0, 1, 23, 59, 59).getTime())).toBe('23:59')
  })
})
