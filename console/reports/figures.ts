// Turning report numbers into words: durations, percentages, weekday names.

/** A duration for people: "45 s", "3 min 20 s", "2 h 05 min"; "—" when unknown. */
export const duration = (ms: number | null): string => {
  if (ms === null) return '—'
  const s = Math.round(ms / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return s % 60 ? `${m} min ${s % 60} s` : `${m} min`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

/** `part` of `whole` as a whole percentage ("—" of nothing). */
export const percent = (part: number, whole: number): string => (whole ? `${Math.round((100 * part) / whole)} %` : '—')

/** Weekdays as the heat map rows them (the relay counts 0 = Monday). */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const

/** "09" for 9: hours of the day as column heads. */
export const hour = (h: number): string => String(h).padStart(2, '0')
