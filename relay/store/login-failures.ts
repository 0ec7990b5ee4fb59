// Failed logins per key (a hash of the normalised email), kept by the store so that every relay
// node counts the same failures and a restart forgets none (security/lockout.ts decides with them).

/** When failures lock a key: the `failures`-th within `windowMs` locks it for `windowMs`. */
export interface LockoutRule {
  failures: number
  /** ms */
  windowMs: number
}

/** Storage of failed logins. Each method is one atomic statement, safe when nodes race. */
export interface LoginFailureStore {
  /**
   * Counts a failure of `key` at `now` (ms since epoch): a failure more than `windowMs` after the
   * first one counted starts a new count; the `failures`-th locks the key until `now + windowMs`
   * and starts a new count. Resolves with when the key is locked until (ms since epoch; 0: never).
   */
  recordLoginFailure(key: string, now: number, rule: LockoutRule): Promise<number>
  /** When `key` is locked until (ms since epoch); 0 when it never was. */
  loginLockedUntil(key: string): Promise<number>
  /** Forgets the failures of `key` (a successful login). */
  clearLoginFailures(key: string): Promise<void>
  /** Deletes the keys whose count window and lock are both over at `now`; resolves with how many. */
  pruneLoginFailures(now: number): Promise<number>
}

/** What the store keeps of one key; `expiresAt` is when the row may go (its window and lock are over). */
export interface LoginFailureRow {
  count: number
  since: number
  lockedUntil: number
  expiresAt: number
}

/**
 * The rule of `recordLoginFailure` as a function: the row after one more failure at `now`. The
 * PostgreSQL store says the same in one UPSERT (pg-login-failures.ts); the contract tests hold both.
 */
export const nextLoginFailure = (prev: LoginFailureRow | undefined, now: number, rule: LockoutRule): LoginFailureRow => {
  const fresh = !prev || prev.since + rule.windowMs <= now
  const n = fresh ? 1 : prev.count + 1
  if (n >= rule.failures) return { count: 0, since: now, lockedUntil: now + rule.windowMs, expiresAt: now + rule.windowMs }
  return fresh
    ? { count: n, since: now, lockedUntil: prev?.lockedUntil ?? 0, expiresAt: now + rule.windowMs }
    : { count: n, since: prev.since, lockedUntil: prev.lockedUntil, expiresAt: prev.since + rule.windowMs }
}
