import { describe, expect, it } from 'vitest'
import { ALWAYS_OPEN, isOpenAt, localTime, readBusinessHours, type BusinessHours } from '../../protocol/business-hours.js'
import { run } from '../../protocol/check.js'

const weekdays = (from: string, to: string) => (['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as const).map((day) => ({ day, from, to }))
const berlin: BusinessHours = { enabled: true, timeZone: 'Europe/Berlin', week: weekdays('09:00', '17:30'), closedDates: ['2026-12-24'] }

describe('business hours', () => {
  it('is always open while opening hours are off', () => {
    expect(isOpenAt(ALWAYS_OPEN, Date.UTC(2026, 11, 6, 3))).toBe(true)
    expect(isOpenAt({ ...berlin, enabled: false }, Date.UTC(2026, 11, 6, 3))).toBe(true)
  })

  it('opens and closes on the minute in the site’s time zone, not UTC', () => {
    // Wednesday 2026-12-02, Berlin is UTC+1 in winter.
    expect(isOpenAt(berlin, Date.UTC(2026, 11, 2, 7, 59))).toBe(false) // 08:59 local
    expect(isOpenAt(berlin, Date.UTC(2026, 11, 2, 8, 0))).toBe(true) // 09:00 local
    expect(isOpenAt(berlin, Date.UTC(2026, 11, 2, 16, 29))).toBe(true) // 17:29 local
    expect(isOpenAt(berlin, Date.UTC(2026, 11, 2, 16, 30))).toBe(false) // 17:30 local
  })

  it('follows daylight saving time: 09:00 in Berlin is 07:00 UTC in summer', () => {
    expect(isOpenAt(berlin, Date.UTC(2026, 6, 1, 7, 0))).toBe(true)
    expect(isOpenAt(berlin, Date.UTC(2026, 6, 1, 6, 59))).toBe(false)
    // The morning the clocks go forward (Sunday 2026-03-29) is a Sunday; Monday after opens at 07:00 UTC.
    expect(isOpenAt(berlin, Date.UTC(2026, 2, 30, 7, 0))).toBe(true)
    expect(isOpenAt(berlin, Date.UTC(2026, 2, 27, 7, 59))).toBe(false) // Friday before, still winter time
  })

  it('is closed at weekends and on closed days', () => {
    expect(isOpenAt(berlin, Date.UTC(2026, 11, 5, 12))).toBe(false) // Saturday
    expect(isOpenAt(berlin, Date.UTC(2026, 11, 24, 12))).toBe(false) // Thursday, closed day
    expect(isOpenAt(berlin, Date.UTC(2026, 11, 23, 12))).toBe(true)
  })

  it('takes the local date for closed days: 00:30 in Tokyo is still the day before in UTC', () => {
    const tokyo: BusinessHours = { enabled: true, timeZone: 'Asia/Tokyo', week: [{ day: 'Thu', from: '00:00', to: '24:00' }], closedDates: ['2026-12-24'] }
    expect(localTime(Date.UTC(2026, 11, 23, 15, 30), 'Asia/Tokyo')).toEqual({ day: 'Thu', date: '2026-12-24', minute: 30 })
    expect(isOpenAt(tokyo, Date.UTC(2026, 11, 23, 15, 30))).toBe(false)
    expect(isOpenAt(tokyo, Date.UTC(2026, 11, 30, 15, 30))).toBe(true) // the next Thursday
  })

  it('serves a span until 24:00 and overnight as two spans', () => {
    const night: BusinessHours = {
      enabled: true,
      timeZone: 'UTC',
      week: [
        { day: 'Fri', from: '22:00', to: '24:00' },
        { day: 'Sat', from: '00:00', to: '02:00' }
      ],
      closedDates: []
    }
    expect(isOpenAt(night, Date.UTC(2026, 11, 4, 23, 59))).toBe(true)
    expect(isOpenAt(night, Date.UTC(2026, 11, 5, 1, 0))).toBe(true)
    expect(isOpenAt(night, Date.UTC(2026, 11, 5, 2, 0))).toBe(false)
  })

  it('accepts well-formed hours and rebuilds them without unknown fields', () => {
    const r = run({ ...berlin, extra: 1, week: [{ day: 'Mon', from: '09:00', to: '17:00', x: 2 }] }, readBusinessHours)
    expect(r).toEqual({ ok: true, value: { ...berlin, week: [{ day: 'Mon', from: '09:00', to: '17:00' }] } })
  })

  it.each([
    ['an unknown zone', { ...berlin, timeZone: 'Mars/Olympus' }, 'IANA time zone'],
    ['a span that ends before it starts', { ...berlin, week: [{ day: 'Mon', from: '18:00', to: '09:00' }] }, 'must end after it starts'],
    ['a bad time', { ...berlin, week: [{ day: 'Mon', from: '9:00', to: '17:00' }] }, 'HH:MM'],
    ['a bad weekday', { ...berlin, week: [{ day: 'Monday', from: '09:00', to: '17:00' }] }, 'must be one of'],
    ['a bad date', { ...berlin, closedDates: ['24.12.2026'] }, 'YYYY-MM-DD'],
    ['too many spans', { ...berlin, week: Array.from({ length: 29 }, () => ({ day: 'Mon', from: '09:00', to: '10:00' })) }, 'at most 28']
  ])('refuses %s with a clear reason', (_name, value, reason) => {
    const r = run(value, readBusinessHours)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toContain(reason)
  })
})
