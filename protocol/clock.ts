// Clock times as people read them in a transcript: the widget and the console show the same.

const pad = (n: number): string => (n < 10 ? '0' : '') + n

/** A clock time `HH:MM` (24 h, the reader's own time zone) of `at` (ms since epoch). */
export const formatClock = (at: number): string => {
  const d = new Date(at)
  return pad(d.getHours()) + ':' + pad(d.getMinutes())
}
