// A per-key count over the last hour (a sliding window): how many offline-form messages or
// transcript mails one IP asked for. The hub is given one (`HourlyLimit`): on a single node this
// in-memory count; in cluster mode (PARLEY_REDIS_URL) one counted in Redis for all nodes together
// (limits/shared-sliding-window.ts), which falls back to this count while Redis errs.

/** Keys kept before expired ones are swept (bounds memory under a flood of distinct IPs). */
const SWEEP_AT = 10_000

/** Counts takes per key over an hour; local (sync) or shared by a cluster's nodes (async). */
export interface HourlyLimit {
  /** Counts one for `key` and answers true, or answers false (counting nothing) when the hour's `max` is reached. */
  take(key: string): boolean | Promise<boolean>
}

/** Allows `max` takes per key in any `windowMs` (default an hour), counted on this node; `max` 0 allows none. */
export const createHourlyLimit = (max: number, now: () => number = Date.now, windowMs = 3_600_000) => {
  const hits = new Map<string, number[]>()
  const recent = (key: string, at: number) => (hits.get(key) ?? []).filter((t) => t > at - windowMs)
  return {
    take(key: string): boolean {
      const at = now()
      if (hits.size >= SWEEP_AT) for (const k of [...hits.keys()]) if (recent(k, at).length === 0) hits.delete(k)
      const list = recent(key, at)
      if (list.length >= max) {
        hits.set(key, list)
        return false
      }
      list.push(at)
      hits.set(key, list)
      return true
    }
  } satisfies HourlyLimit
}
