// Times as the agent reads them: clock times in the transcript, live waiting times in the lists.

/** A clock time `HH:MM` (24 h, the browser's time zone); one home with the widget's, in the protocol. */
export { formatClock } from '../protocol/index.js'

/** An ISO 8601 timestamp of `at` (ms since epoch), for `<time datetime>`. */
export const isoTime = (at: number): string => new Date(at).toISOString()

/** A short duration from `ms`: "<1 min", "2 min", "1 h 5 min"; negative counts as zero. */
export const formatWait = (ms: number): string => {
  const min = Math.floor(Math.max(0, ms) / 60_000)
  if (min < 1) return '<1 min'
  if (min < 60) return min + ' min'
  const rest = min % 60
  return Math.floor(min / 60) + ' h' + (rest ? ' ' + rest + ' min' : '')
}
