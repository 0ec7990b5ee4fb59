// A report's period from the query string: which local days it covers in the site's time zone
// and where each starts. Bad input is refused here, with a message a person can act on.
import { MAX_REPORT_DAYS, REPORT_PERIODS, type ReportPeriod } from '../../protocol/index.js'
import { ERR_BAD_INPUT } from '../errors.js'
import { isoDate, localDate, startOfDay, type LocalDate } from './time-zone.js'

/** The days a report covers: `dayStarts` has one entry more than `dates` (the end of the last day). */
export interface ReportSpan {
  period: ReportPeriod
  from: string
  to: string
  dates: string[]
  /** local midnights, ms since epoch; [dayStarts[0], dayStarts[n]) is the period */
  dayStarts: number[]
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const parseDate = (name: string, value: unknown): LocalDate => {
  const m = typeof value === 'string' ? DATE.exec(value) : null
  const d = m ? { year: +m[1]!, month: +m[2]!, day: +m[3]! } : null
  // Date.UTC rolls 2025-02-30 over to March: a date is real when it survives the round trip.
  if (!d || isoDate(d) !== new Date(Date.UTC(d.year, d.month - 1, d.day)).toISOString().slice(0, 10))
    throw new ERR_BAD_INPUT(`${name} must be a date written YYYY-MM-DD, got "${String(value)}"`)
  return d
}

/** Days between two local dates (b − a). */
const daysBetween = (a: LocalDate, b: LocalDate) => Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000)

/** Resolves `period` (and `from`/`to` for custom) at instant `now` in `timeZone`. Throws ERR_BAD_INPUT. */
export const resolvePeriod = (q: { period?: unknown; from?: unknown; to?: unknown }, timeZone: string, now: number): ReportSpan => {
  const period = (q.period ?? '7d') as ReportPeriod
  if (!REPORT_PERIODS.includes(period)) throw new ERR_BAD_INPUT(`period must be one of ${REPORT_PERIODS.join(', ')}, got "${String(q.period)}"`)
  const today = localDate(timeZone, now)
  let first: LocalDate
  let days: number
  if (period === 'custom') {
    first = parseDate('from', q.from)
    const last = parseDate('to', q.to)
    days = daysBetween(first, last) + 1
    if (days < 1) throw new ERR_BAD_INPUT(`from (${isoDate(first)}) must not be after to (${isoDate(last)})`)
    if (days > MAX_REPORT_DAYS) throw new ERR_BAD_INPUT(`a report may span at most ${MAX_REPORT_DAYS} days, this one spans ${days}`)
  } else {
    if (q.from !== undefined || q.to !== undefined) throw new ERR_BAD_INPUT('from and to go only with period=custom')
    days = period === 'today' ? 1 : period === '7d' ? 7 : 30
    const start = new Date(Date.UTC(today.year, today.month - 1, today.day - (days - 1)))
    first = { year: start.getUTCFullYear(), month: start.getUTCMonth() + 1, day: start.getUTCDate() }
  }
  const dayStarts: number[] = []
  const dates: string[] = []
  for (let i = 0; i <= days; i++) {
    dayStarts.push(startOfDay(timeZone, first, i))
    if (i < days) {
      const d = new Date(Date.UTC(first.year, first.month - 1, first.day + i))
      dates.push(d.toISOString().slice(0, 10))
    }
  }
  return { period, from: dates[0]!, to: dates[dates.length - 1]!, dates, dayStarts }
}
