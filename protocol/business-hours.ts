// Weekly opening hours in the site's time zone, plus closed days. Pure: Intl does the time-zone
// maths (DST included), so the relay decides "open now?" and the console can say the same.
import { bad, list, obj, oneOf, str } from './check.js'

/** Days of the week as Intl names them, Sunday first (index = `Date#getDay()`). */
export const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const

/** A weekday: `Sun` … `Sat`. */
export type Weekday = (typeof WEEKDAYS)[number]

/** One opening span on a weekday, local time `HH:MM`; `to` may be `24:00`. Overnight = two spans. */
export interface OpeningSpan {
  day: Weekday
  from: string
  to: string
}

/** The site's opening hours. Off (`enabled: false`) means always open. */
export interface BusinessHours {
  enabled: boolean
  /** IANA zone, e.g. `Europe/Berlin` */
  timeZone: string
  week: OpeningSpan[]
  /** local dates `YYYY-MM-DD` on which the site is closed all day (holidays) */
  closedDates: string[]
}

/** Always open: the default until an admin turns opening hours on. */
export const ALWAYS_OPEN: BusinessHours = { enabled: false, timeZone: 'UTC', week: [], closedDates: [] }

/** Most spans and closed days a site can have. */
export const BUSINESS_HOURS_LIMITS = { spans: 28, closedDates: 366 } as const

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/

/** Minutes since local midnight of `HH:MM`. */
const minutes = (hhmm: string): number => +hhmm.slice(0, 2) * 60 + +hhmm.slice(3)

/** Whether `zone` is an IANA time zone this runtime knows. */
export const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>()

/** The local weekday, date and minute of the day of `at` (ms) in `timeZone`. */
export const localTime = (at: number, timeZone: string): { day: Weekday; date: string; minute: number } => {
  let f = formatters.get(timeZone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit'
    })
    formatters.set(timeZone, f)
  }
  const p: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {}
  for (const part of f.formatToParts(at)) p[part.type] = part.value
  return { day: p.weekday as Weekday, date: `${p.year}-${p.month}-${p.day}`, minute: Number(p.hour) * 60 + Number(p.minute) }
}

/** Whether the site is open at `at` (ms since epoch). */
export const isOpenAt = (hours: BusinessHours, at: number): boolean => {
  if (!hours.enabled) return true
  const now = localTime(at, hours.timeZone)
  if (hours.closedDates.includes(now.date)) return false
  return hours.week.some((s) => s.day === now.day && minutes(s.from) <= now.minute && now.minute < minutes(s.to))
}

const readSpan = (v: unknown, what: string): OpeningSpan => {
  const o = obj(v, what)
  const from = str(o.from, what + '.from', 5)
  const to = str(o.to, what + '.to', 5)
  if (!HHMM.test(from) || from === '24:00') bad(what + '.from must be a time HH:MM')
  if (!HHMM.test(to)) bad(what + '.to must be a time HH:MM (24:00 for midnight)')
  if (minutes(to) <= minutes(from)) bad(what + ' must end after it starts (split a span over midnight in two)')
  return { day: oneOf(o.day, what + '.day', WEEKDAYS), from, to }
}

const readDate = (v: unknown, what: string): string => {
  const d = str(v, what, 10)
  return DATE.test(d) ? d : bad(what + ' must be a date YYYY-MM-DD')
}

/** Validates opening hours from the wire or an admin's form; throws `{ reason }` (use with `run`). */
export const readBusinessHours = (v: unknown, what = 'businessHours'): BusinessHours => {
  const o = obj(v, what)
  if (typeof o.enabled !== 'boolean') bad(what + '.enabled must be a boolean')
  const timeZone = str(o.timeZone, what + '.timeZone', 64, 1)
  if (!isTimeZone(timeZone)) bad(what + '.timeZone must be an IANA time zone such as Europe/Berlin')
  return {
    enabled: o.enabled as boolean,
    timeZone,
    week: list(o.week, what + '.week', BUSINESS_HOURS_LIMITS.spans, readSpan),
    closedDates: list(o.closedDates, what + '.closedDates', BUSINESS_HOURS_LIMITS.closedDates, readDate)
  }
}

/**
 * The next moment (ms, at the start of a minute) after `at` when the site opens or closes, or
 * undefined when that does not happen within `horizonMs` (default 8 days; hours off: never). Steps
 * from one span boundary to the next in local time, so a relay sets one timer per change instead
 * of polling; across a DST change it settles on the real instant of the local boundary.
 */
export const nextChangeAt = (hours: BusinessHours, at: number, horizonMs = 8 * 86_400_000): number | undefined => {
  if (!hours.enabled) return undefined
  const open = isOpenAt(hours, at)
  // Local minutes at which the answer can change: every span's ends, and midnight (closed dates).
  const marks = [...new Set([0, ...hours.week.flatMap((s) => [minutes(s.from), minutes(s.to) % 1440])])].sort((a, b) => a - b)
  const end = at + horizonMs
  let t = Math.floor(at / 60_000) * 60_000
  while (t < end) {
    const here = localTime(t, hours.timeZone).minute
    const next = marks.find((m) => m > here) ?? 1440
    let landing = t + (next - here) * 60_000
    // A DST change in between moves the local clock: settle on the instant showing the boundary.
    const want = next % 1440
    const seen = localTime(landing, hours.timeZone).minute
    if (seen !== want) {
      const adjusted = landing + (((want - seen + 1440 + 720) % 1440) - 720) * 60_000
      if (adjusted > t && localTime(adjusted, hours.timeZone).minute === want) landing = adjusted
    }
    if (isOpenAt(hours, landing) !== open) return landing
    t = landing
  }
  return undefined
}
