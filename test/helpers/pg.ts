// PostgreSQL for tests: a fresh schema per run on the shared server, dropped afterwards. Without a
// server the tests skip with a notice on a developer machine, and fail under CI=true.
import pg from 'pg'
import { randomBytes } from 'node:crypto'

/** The server tests use (PARLEY_TEST_DATABASE_URL, default the local one). */
export const PG_TEST_URL = process.env.PARLEY_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Whether the server answers (checked once). */
let reachable: Promise<boolean> | undefined
export const pgReachable = (): Promise<boolean> =>
  (reachable ??= (async () => {
    const c = new pg.Client({ connectionString: PG_TEST_URL, connectionTimeoutMillis: 2000 })
    try {
      await c.connect()
      await c.query('SELECT 1')
      return true
    } catch {
      return false
    } finally {
      await c.end().catch(() => {})
    }
  })())

/** True when PostgreSQL tests should be skipped: no server and not CI (which must run them). Prints why. */
export const skipWithoutPg = async (what: string): Promise<boolean> => {
  if (await pgReachable()) return false
  if (process.env.CI === 'true') throw new Error(`${what}: PostgreSQL at ${PG_TEST_URL} is not reachable, and CI must run these tests`)
  console.warn(`${what}: skipped, PostgreSQL at ${PG_TEST_URL} is not reachable (set PARLEY_TEST_DATABASE_URL)`)
  return true
}

/** A schema of its own: `url` selects it through search_path; `drop()` removes it with everything in it. */
export interface TestSchema {
  name: string
  url: string
  drop(): Promise<void>
}

/** Schemas of test runs killed before their cleanup are dropped once they are this old (seconds). */
const STALE_S = 3 * 3600

/** Creates an empty schema `parley_t_<seconds since epoch>_<random>`, dropping stale ones of killed runs. */
export const freshSchema = async (): Promise<TestSchema> => {
  const now = Math.floor(Date.now() / 1000)
  const name = `parley_t_${now}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_TEST_URL })
  await admin.connect()
  const { rows } = await admin.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE nspname ~ '^parley_t_[0-9]+_'")
  for (const { nspname } of rows)
    if (now - Number(nspname.split('_')[2]) > STALE_S) await admin.query(`DROP SCHEMA IF EXISTS ${nspname} CASCADE`).catch(() => {})
  await admin.query(`CREATE SCHEMA ${name}`)
  await admin.end()
  const sep = PG_TEST_URL.includes('?') ? '&' : '?'
  return {
    name,
    url: `${PG_TEST_URL}${sep}options=${encodeURIComponent(`-c search_path=${name}`)}`,
    async drop() {
      const c = new pg.Client({ connectionString: PG_TEST_URL })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`)
      await c.end()
    }
  }
}
