// Token buckets: each key may spend `capacity` at once, and earns it back at `capacity` per
// `periodMs`, continuously. No window boundaries: a burst is judged the same whenever it comes.

/** A bucket for one caller (a socket). */
export interface Bucket {
  /** spends one token; false when the bucket is empty */
  take(): boolean
}

/** One bucket. `now` is injectable for tests (ms). */
export const createBucket = (capacity: number, periodMs: number, now: () => number = Date.now): Bucket => {
  let tokens = capacity
  let last = now()
  return {
    take() {
      const t = now()
      tokens = Math.min(capacity, tokens + ((t - last) * capacity) / periodMs)
      last = t
      if (tokens < 1) return false
      tokens -= 1
      return true
    }
  }
}

/** Buckets by key (an IP address). */
export interface Buckets {
  take(key: string): boolean
  stop(): void
}

/** Buckets by key. Memory is bounded: a bucket left alone long enough to be full again is forgotten (a new one is the same). */
export const createBuckets = (capacity: number, periodMs: number, now: () => number = Date.now): Buckets => {
  const buckets = new Map<string, { bucket: Bucket; last: number }>()
  const timer = setInterval(() => {
    const t = now()
    for (const [k, b] of buckets) if (t - b.last >= periodMs) buckets.delete(k)
  }, Math.max(periodMs, 1000))
  timer.unref()
  return {
    take(key) {
      let b = buckets.get(key)
      if (!b) buckets.set(key, (b = { bucket: createBucket(capacity, periodMs, now), last: 0 }))
      b.last = now()
      return b.bucket.take()
    },
    stop() {
      clearInterval(timer)
      buckets.clear()
    }
  }
}
