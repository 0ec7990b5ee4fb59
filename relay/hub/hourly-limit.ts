// A per-key count over the last hour (a sliding window): how many offline-form messages or
// transcript mails one IP asked for. Kept in memory on each node, like @fastify/rate-limit's
// default store; with several nodes behind a balancer a client may get up to that many per node.

/** Keys kept before expired ones are swept (bounds memory under a flood of distinct IPs). */
const SWEEP_AT = 10_000

export type HourlyLimit = ReturnType<typeof createHourlyLimit>

/** Allows `max` takes per key per hour; `max` 0 allows none. */
export const createHourlyLimit = (max: number, now: () => number = Date.now, windowMs = 3_600_000) => {
  const hits = new Map<string, number[]>()
  const recent = (key: string, at: number) => (hits.get(key) ?? []).filter((t) => t > at - windowMs)
  return {
    /** Counts one for `key` and returns true, or returns false (counting nothing) when the hour's `max` is reached. */
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
  }
}
