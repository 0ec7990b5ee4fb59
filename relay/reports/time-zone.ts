// Local time in the site's time zone, with nothing but Intl: where local days start and how far
// from UTC each stretch of a period is, so SQL can bucket instants by local hour and day across
// daylight-saving changes.

import { isTimeZone as knownZone } from '../../protocol/index.js'

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric'
    })
    formatters.set(timeZone, f)
  }
  return f
}

/** True when `timeZone` is an IANA zone name this runtime knows (e.g. Europe/Berlin, UTC). */
export const isTimeZone = (timeZone: unknown): timeZone is string =>
  typeof timeZone === 'string' && timeZone.length > 0 && timeZone.length <= 64 && knownZone(timeZone)

/** A calendar date in a zone. */
export interface LocalDate {
  year: number
  /** 1–12 */
  month: number
  day: number
}

/** The wall-clock fields of instant `t` (ms since epoch) in `timeZone`. */
const fields = (timeZone: string, t: number) => {
  const out: Record<string, number> = {}
  for (const p of formatter(timeZone).formatToParts(t)) if (p.type !== 'literal') out[p.type] = Number(p.value)
  return out as { year: number; month: number; day: number; hour: number; minute: number; second: number }
}

/** How far local time in `timeZone` is ahead of UTC at instant `t`, ms (whole seconds). */
export const offsetMs = (timeZone: string, t: number): number => {
  const f = fields(timeZone, t)
  return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - (t - (((t % 1000) + 1000) % 1000))
}

/** The local date of instant `t` in `timeZone`. */
export const localDate = (timeZone: string, t: number): LocalDate => {
  const f = fields(timeZone, t)
  return { year: f.year, month: f.month, day: f.day }
}

/** The instant local midnight starts `date` (+ `addDays`) in `timeZone`, ms since epoch. */
export const startOfDay = (timeZone: string, date: LocalDate, addDays = 0): number => {
  const wall = Date.UTC(date.year, date.month - 1, date.day + addDays)
  // Two rounds: the offset at the first guess may differ from the one at the answer near a change.
  const guess = wall - offsetMs(timeZone, wall)
  return wall - offsetMs(timeZone, guess)
}

/** `date` as YYYY-MM-DD. */
export const isoDate = (d: LocalDate): string => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`

/** A stretch of time with one UTC offset inside one local day: [startMs, stopMs), day index in the period. */
export type Segment = [startMs: number, stopMs: number, day: number, offsetMs: number]

/**
 * Cuts [days[0], days[n]) — consecutive local day starts — into segments of constant offset,
 * finding each offset change to the second by bisection. Zones change offset a few times a year,
 * so a period has about one segment per day.
 */
export const segments = (timeZone: string, dayStarts: readonly number[]): Segment[] => {
  const out: Segment[] = []
  for (let d = 0; d + 1 < dayStarts.length; d++) {
    let start = dayStarts[d]!
    const stop = dayStarts[d + 1]!
    let off = offsetMs(timeZone, start)
    while (offsetMs(timeZone, stop - 1) !== off) {
      let lo = start
      let hi = stop - 1
      while (hi - lo > 1) {
        const mid = lo + Math.floor((hi - lo) / 2)
        if (offsetMs(timeZone, mid) === off) lo = mid
        else hi = mid
      }
      out.push([start, hi, d, off])
      start = hi
      off = offsetMs(timeZone, start)
    }
    out.push([start, stop, d, off])
  }
  return out
}
