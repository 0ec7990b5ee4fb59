// Small statistics for the relay benchmark: percentiles, medians over rounds, and how a figure is written.

/** The p-th percentile (0–100) of `xs` by nearest rank; NaN when empty. */
export const percentile = (xs: readonly number[], p: number): number => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!
}

/** The median of `xs` (the figure the table shows for several rounds). */
export const median = (xs: readonly number[]): number => percentile(xs, 50)

/** Milliseconds with sensible precision. */
export const ms = (x: number): string => (Number.isFinite(x) ? (x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0)) + ' ms' : '–')

/** A count with thousands separators. */
export const count = (x: number): string => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '–')

/** Bytes as KiB with one decimal. */
export const kib = (x: number): string => (Number.isFinite(x) ? (x / 1024).toFixed(1) + ' KiB' : '–')

/** A ratio such as 0.42×. */
export const times = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) + '×' : '–')
