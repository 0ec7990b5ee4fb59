// Failed logins on PostgreSQL: one UPSERT per failure, so nodes counting at the same moment add up
// (the row lock of ON CONFLICT puts them in series) and the count survives restarts.
import type pg from 'pg'
import type { LoginFailureStore } from './login-failures.js'

// $1 key, $2 now, $3 windowMs, $4 failures. The sub-SELECT computes the next count once (n) and
// whether the window is over (fresh); see nextLoginFailure for the same rule in JS. Parameters are
// cast where they appear: `$2 + $3` of untyped parameters is ambiguous to PostgreSQL.
const RECORD = `
INSERT INTO login_failures AS f (key, count, since, locked_until, expires_at)
VALUES ($1, CASE WHEN $4::integer <= 1 THEN 0 ELSE 1 END, $2::bigint, CASE WHEN $4::integer <= 1 THEN $2::bigint + $3::bigint ELSE 0 END, $2::bigint + $3::bigint)
ON CONFLICT (key) DO UPDATE SET (count, since, locked_until, expires_at) = (
  SELECT CASE WHEN s.n >= $4::integer THEN 0 ELSE s.n END,
         CASE WHEN s.n >= $4::integer OR s.fresh THEN $2::bigint ELSE f.since END,
         CASE WHEN s.n >= $4::integer THEN $2::bigint + $3::bigint ELSE f.locked_until END,
         CASE WHEN s.n >= $4::integer OR s.fresh THEN $2::bigint + $3::bigint ELSE f.since + $3::bigint END
  FROM (SELECT f.since + $3::bigint <= $2::bigint AS fresh, CASE WHEN f.since + $3::bigint <= $2::bigint THEN 1 ELSE f.count + 1 END AS n) s)
RETURNING locked_until`

/** The login-failure part of the Store. */
export const pgLoginFailures = (pool: pg.Pool): LoginFailureStore => ({
  async recordLoginFailure(key, now, rule) {
    const { rows } = await pool.query<{ locked_until: number }>({ name: 'parley_login_failed', text: RECORD, values: [key, now, rule.windowMs, rule.failures] })
    return rows[0]!.locked_until
  },
  async loginLockedUntil(key) {
    const { rows } = await pool.query<{ locked_until: number }>('SELECT locked_until FROM login_failures WHERE key = $1', [key])
    return rows[0]?.locked_until ?? 0
  },
  async clearLoginFailures(key) {
    await pool.query('DELETE FROM login_failures WHERE key = $1', [key])
  },
  async pruneLoginFailures(now) {
    return (await pool.query('DELETE FROM login_failures WHERE expires_at <= $1', [now])).rowCount ?? 0
  }
})
