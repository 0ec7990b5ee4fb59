// Failed logins on SQLite: read, apply the rule and write back in one write transaction (the
// group-commit writer runs operations one at a time), so concurrent failures add up.
import type Database from 'better-sqlite3'
import { nextLoginFailure, type LoginFailureRow, type LoginFailureStore } from './login-failures.js'
import type { Write } from './sqlite-writer.js'

/** The login-failure part of the Store. */
export const sqliteLoginFailures = (db: Database.Database, write: Write): LoginFailureStore => {
  const get = db.prepare('SELECT count, since, locked_until AS lockedUntil, expires_at AS expiresAt FROM login_failures WHERE key = ?')
  const put = db.prepare(
    `INSERT INTO login_failures (key, count, since, locked_until, expires_at) VALUES (@key, @count, @since, @lockedUntil, @expiresAt)
     ON CONFLICT (key) DO UPDATE SET count = excluded.count, since = excluded.since, locked_until = excluded.locked_until, expires_at = excluded.expires_at`
  )
  const clear = db.prepare('DELETE FROM login_failures WHERE key = ?')
  const prune = db.prepare('DELETE FROM login_failures WHERE expires_at <= ?')
  return {
    async recordLoginFailure(key, now, rule) {
      return write(() => {
        const next = nextLoginFailure(get.get(key) as LoginFailureRow | undefined, now, rule)
        put.run({ key, ...next })
        return next.lockedUntil
      })
    },
    async loginLockedUntil(key) {
      return (get.get(key) as LoginFailureRow | undefined)?.lockedUntil ?? 0
    },
    async clearLoginFailures(key) {
      await write(() => clear.run(key))
    },
    async pruneLoginFailures(now) {
      return write(() => prune.run(now).changes)
    }
  }
}
