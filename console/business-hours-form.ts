// The business hours an admin edits, checked the way the relay checks them but in words about
// days rather than field paths, so the form can say what to fix before anything is sent.
import { BUSINESS_HOURS_LIMITS, isTimeZone, localTime, type BusinessHours, type OpeningSpan, type Weekday } from '../protocol/index.js'

/** The days in the order the editor lists them (the working week first). */
export const EDITOR_DAYS: readonly Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']

/** A weekday's full name, for labels and messages. */
export const DAY_NAMES: Record<Weekday, string> = {
  Mon: 'Monday',
  Tue: 'Tuesday',
  Wed: 'Wednesday',
  Thu: 'Thursday',
  Fri: 'Friday',
  Sat: 'Saturday',
  Sun: 'Sunday'
}

/** A new span's times: a usual working day. */
export const NEW_SPAN = { from: '09:00', to: '17:00' } as const

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$/
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/

/** Minutes since midnight of `HH:MM` (`24:00` is 1440). */
const minutes = (hhmm: string): number => +hhmm.slice(0, 2) * 60 + +hhmm.slice(3)

/**
 * A time field's value as the span's end: a time input cannot say 24:00, so an end of 00:00 means
 * the day's end (midnight), the only reading that makes sense for an end.
 */
export const endFromInput = (value: string): string => (value === '00:00' ? '24:00' : value)

/** A span's end as a time input shows it (24:00 as 00:00). */
export const endToInput = (to: string): string => (to === '24:00' ? '00:00' : to)

/** The spans of `day`, in the order they were entered, each with its index in `week`. */
export const spansOf = (hours: BusinessHours, day: Weekday): { span: OpeningSpan; index: number }[] =>
  hours.week.flatMap((span, index) => (span.day === day ? [{ span, index }] : []))

/**
 * What is wrong with `hours`, in the admin's words, or undefined when the relay will take them.
 * Off, only the zone matters (the hours are kept for when they are turned on again).
 */
export const hoursProblem = (hours: BusinessHours): string | undefined => {
  if (!isTimeZone(hours.timeZone)) return '“' + hours.timeZone + '” is not a time zone. Pick one from the list, such as Europe/Berlin.'
  if (hours.week.length > BUSINESS_HOURS_LIMITS.spans) return 'Opening hours can have at most ' + BUSINESS_HOURS_LIMITS.spans + ' spans in a week.'
  if (hours.closedDates.length > BUSINESS_HOURS_LIMITS.closedDates)
    return 'There can be at most ' + BUSINESS_HOURS_LIMITS.closedDates + ' closed days; remove some that have passed.'
  for (const day of EDITOR_DAYS) {
    const spans = spansOf(hours, day).map(({ span }) => span)
    for (const s of spans) {
      if (!HHMM.test(s.from) || !(HHMM.test(s.to) || s.to === '24:00')) return DAY_NAMES[day] + ' needs a start and an end time.'
      if (minutes(s.to) <= minutes(s.from))
        return DAY_NAMES[day] + ': ' + s.from + '–' + s.to + ' ends before it starts. For hours past midnight, add the rest to the next day.'
    }
    const sorted = [...spans].sort((a, b) => minutes(a.from) - minutes(b.from))
    for (let i = 1; i < sorted.length; i++)
      if (minutes(sorted[i]!.from) < minutes(sorted[i - 1]!.to))
        return DAY_NAMES[day] + ': ' + sorted[i - 1]!.from + '–' + sorted[i - 1]!.to + ' and ' + sorted[i]!.from + '–' + sorted[i]!.to + ' overlap.'
  }
  const bad = hours.closedDates.find((d) => !DATE.test(d))
  if (bad !== undefined) return '“' + bad + '” is not a date.'
  if (hours.enabled && hours.week.length === 0) return 'Add opening hours to at least one day, or turn business hours off.'
  return undefined
}

/** `hours` with a closed day added once, the list kept in date order. */
export const addClosedDate = (hours: BusinessHours, date: string): BusinessHours =>
  hours.closedDates.includes(date) ? hours : { ...hours, closedDates: [...hours.closedDates, date].sort() }

/** The local weekday and time at `at` in the hours' zone, e.g. "Tuesday 14:05". */
export const localNow = (hours: BusinessHours, at: number): string => {
  const t = localTime(at, hours.timeZone)
  return DAY_NAMES[t.day] + ' ' + String(Math.floor(t.minute / 60)).padStart(2, '0') + ':' + String(t.minute % 60).padStart(2, '0')
}

/** Every IANA zone the browser knows, with `current` included when it is not among them (UTC often is not). */
export const zoneChoices = (current: string): string[] => {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : []
  return zones.includes(current) ? zones : [current, ...zones]
}
