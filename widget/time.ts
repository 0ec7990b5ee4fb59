// Message times as the customer reads them.

/** `at` (ms since epoch) as HH:MM on the customer's clock, 24-hour. */
export const hhmm = (at: number): string => {
  const d = new Date(at)
  const two = (n: number) => (n < 10 ? '0' : '') + n
  return two(d.getHours()) + ':' + two(d.getMinutes())
}
