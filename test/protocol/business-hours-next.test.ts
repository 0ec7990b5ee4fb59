// When the site next opens or closes: what the relay sets its one timer to.
import { describe, expect, it } from 'vitest'
import { ALWAYS_OPEN, isOpenAt, nextChangeAt, type BusinessHours } from '../../protocol/index.js'

const week = (from: string, to: string): BusinessHours['week'] => (['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const).map((day) => ({ day, from, to }))
const berlin: BusinessHours = { enabled: true, timeZone: 'Europe/Berlin', week: week('09:00', '17:30'), closedDates: [] }

describe('nextChangeAt', () => {
  it('never changes while hours are off', () => {
    expect(nextChangeAt(ALWAYS_OPEN, Date.UTC(2026, 11, 2, 12))).toBeUndefined()
  })

  it('finds the closing minute of an open day and the next opening after it', () => {
    // Wednesday 2 Dec 2026, 12:00 in Berlin (UTC+1).
    const noon = Date.UTC(2026, 11, 2, 11, 0, 20)
    const close = nextChangeAt(berlin, noon)!
    expect(new Date(close).toISOString()).toBe('2026-12-02T16:30:00.000Z')
    expect(isOpenAt(berlin, close - 1)).toBe(true)
    expect(isOpenAt(berlin, close)).toBe(false)
    expect(new Date(nextChangeAt(berlin, close)!).toISOString()).toBe('2026-12-03T08:00:00.000Z')
  })

  it('skips a weekend and a closed date', () => {
    const friday = Date.UTC(2026, 11, 4, 17)
    const hours = { ...berlin, closedDates: ['2026-12-07'] }
    expect(new Date(nextChangeAt(hours, friday)!).toISOString()).toBe('2026-12-08T08:00:00.000Z')
  })

  it('lands on the local boundary across a DST change', () => {
    // New York, open 09:00–17:00 every day; DST ends on Sunday 1 Nov 2026 (UTC-4 → UTC-5).
    const ny: BusinessHours = {
      enabled: true,
      timeZone: 'America/New_York',
      week: (['Sun', 'Mon'] as const).map((day) => ({ day, from: '09:00', to: '17:00' })),
      closedDates: []
    }
    const saturdayNight = Date.UTC(2026, 10, 1, 3)
    expect(new Date(nextChangeAt(ny, saturdayNight)!).toISOString()).toBe('2026-11-01T14:00:00.000Z')
  })

  it('says nothing within the horizon when the site stays closed', () => {
    expect(nextChangeAt({ ...berlin, week: [] }, Date.UTC(2026, 11, 2))).toBeUndefined()
  })
})
