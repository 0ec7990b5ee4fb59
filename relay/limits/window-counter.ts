// Fixed-window counters keyed by a string (an IP address): every count resets together at the end
// of each window, so memory is bounded by the keys seen in one window.

/** Counts hits per key in the current window. */
export interface WindowCounter {
  /** counts one hit for `key` and returns its hits in this window, this one included */
  hit(key: string): number
  stop(): void
}

/** Creates a counter with windows of `windowMs`. */
export const createWindowCounter = (windowMs: number): WindowCounter => {
  let counts = new Map<string, number>()
  const timer = setInterval(() => (counts = new Map()), windowMs)
  timer.unref()
  return {
    hit(key) {
      const n = (counts.get(key) ?? 0) + 1
      counts.set(key, n)
      return n
    },
    stop() {
      clearInterval(timer)
      counts.clear()
    }
  }
}
