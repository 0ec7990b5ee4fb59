// Login lockout: after `failures` wrong passwords for one email within `windowMs`, that email is
// locked for `windowMs` — further attempts are refused without checking the password, so guessing
// stops even from many IP addresses. Counted in the store (login_failures): every relay node sees
// the same count, and a restart forgets nothing. The key is a sha256 of the normalised email, so the
// table holds no addresses.
import { createHash } from 'node:crypto'
import type { LockoutRule, LoginFailureStore } from '../store/login-failures.js'

/** Counts failed logins per email. */
export interface Lockout {
  /** ms until `email` may try again, or 0 when it may try now */
  lockedForMs(email: string): Promise<number>
  /** records a failed attempt */
  failed(email: string): Promise<void>
  /** forgets the failures of `email` (after a successful login) */
  succeeded(email: string): Promise<void>
}

/** The store's key of an email: the same however it is spelt or padded. */
export const lockoutKey = (email: string) => createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')

/** Creates a lockout on `store`. `now` is injectable for tests (ms since epoch). */
export const createLockout = (store: LoginFailureStore, rule: LockoutRule, now: () => number = Date.now): Lockout => ({
  async lockedForMs(email) {
    return Math.max(0, (await store.loginLockedUntil(lockoutKey(email))) - now())
  },
  async failed(email) {
    await store.recordLoginFailure(lockoutKey(email), now(), rule)
  },
  async succeeded(email) {
    await store.clearLoginFailures(lockoutKey(email))
  }
})
