// Token buckets: each key may spend `capacity` at once, and earns it back at `capacity` per
// `periodMs`, continuously. No window boundaries: a burst is judged the same whenever it comes.

/** A bucket for one caller (a socket). */
export interface Bucket {
  /** spends one token; false when the bucket is empty */
  take(): boolean
}

/** A bucket's state; `take` is shared by all buckets (every socket has two: no closures per bucket). */
interface BucketState extends Bucket {
  tokens: number
  last: number
  readonly capacity: number
  readonly periodMs: number
  readonly now: () => number
}

function take(this: BucketState): boolean {
  const t = this.now()
  this.tokens = Math.min(this.capacity, this.tokens + ((t - this.last) * this.capacity) / this.periodMs)
  this.last = t
  if (this.tokens < 1) return false
  this.tokens -= 1
  return true
}

/** One bucket. `now` is injectable for tests (ms). */
export const createBucket = (capacity: number, periodMs: number, now: () => number = Date.now): Bucket => {
  const bucket: BucketState = { tokens: capacity, last: now(), capacity, periodMs, now, take }
  return bucket
}

/** Buckets by key (an IP address). */
export interface Buckets {
  take(key: string): boolean
  stop(): void
}

/** Buckets by key. Memory is bounded: a bucket left alone long enough to be full again is forgotten (a new one is the same). */
export const createBuckets = (capacity: number, periodMs: number, now: () => number = Date.now): Buckets => {
  const buckets = new Map<string, { bucket: Bucket; last: number }>()
  const timer = setInterval(
    () => {
      const t = now()
      for (const [k, b] of buckets) if (t - b.last >= periodMs) buckets.delete(k)
    },
    Math.max(periodMs, 1000)
  )
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
