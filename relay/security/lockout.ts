// Login lockout: after `failures` wrong passwords for one email within `windowMs`, that email is
// locked for `windowMs` — further attempts are refused without checking the password, so guessing
// stops even from many IP addresses. Kept in memory (one relay node); a restart forgets it.

/** Counts failed logins per key (a normalised email). */
export interface Lockout {
  /** ms until `key` may try again, or 0 when it may try now */
  lockedForMs(key: string): number
  /** records a failed attempt */
  failed(key: string): void
  /** forgets the failures of `key` (after a successful login) */
  succeeded(key: string): void
}

/** Creates a lockout. `now` is injectable for tests (ms since epoch). */
export const createLockout = (failures: number, windowMs: number, now: () => number = Date.now): Lockout => {
  const seen = new Map<string, { count: number; since: number; lockedUntil: number }>()
  const sweep = () => {
    // Bounded memory: entries whose window and lock are over are dropped.
    const t = now()
    for (const [k, e] of seen) if (e.lockedUntil <= t && e.since + windowMs <= t) seen.delete(k)
  }
  return {
    lockedForMs(key) {
      const e = seen.get(key)
      return e ? Math.max(0, e.lockedUntil - now()) : 0
    },
    failed(key) {
      if (seen.size > 10_000) sweep()
      const t = now()
      let e = seen.get(key)
      if (!e || e.since + windowMs <= t) seen.set(key, (e = { count: 0, since: t, lockedUntil: 0 }))
      if (++e.count >= failures) {
        e.lockedUntil = t + windowMs
        e.count = 0
        e.since = t
      }
    },
    succeeded(key) {
      seen.delete(key)
    }
  }
}
