// The connection pool of the PostgreSQL store and its schema migrations.
import pg from 'pg'
import { PG_MIGRATIONS } from './pg-schema.js'

/** How a PostgreSQL store connects. */
export interface PgOptions {
  /** postgres://user@host:port/db; `?options=-c search_path=<schema>` selects a schema */
  url: string
  /** names the connections in pg_stat_activity (one per node) */
  applicationName?: string
  /** connections in the pool */
  max?: number
  /** called for errors of idle connections (a restarted server); without a listener they would crash the process */
  onError?: (err: Error) => void
  /**
   * Hold the database for this process alone (a relay node without cluster mode): a session
   * advisory lock, refused when another node holds it, released on close or when the node dies.
   * `'cluster'`: a node of a cluster, which shares the lock with the other cluster nodes only.
   */
  exclusive?: boolean | 'cluster'
}

// int8 (counts, ms timestamps, seq) comes back as a string by default; ours are all < 2^53. Per
// pool, not pg.types globally, so nothing else in the process changes.
const INT8 = 20
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser']
}

/** Opens a pool; the server is not contacted until the first query. */
export const openPool = (o: PgOptions): pg.Pool => {
  const pool = new pg.Pool({
    connectionString: o.url,
    application_name: o.applicationName ?? 'parley',
    max: o.max ?? 10,
    types,
    keepAlive: true,
    connectionTimeoutMillis: 5000,
    idle_in_transaction_session_timeout: 10_000
  })
  pool.on('error', o.onError ?? (() => {}))
  return pool
}

/** Runs `work` in a transaction on one connection: COMMIT when it resolves, ROLLBACK when it throws. */
export const inTransaction = async <T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T>): Promise<T> => {
  const c = await pool.connect()
  try {
    await c.query('BEGIN')
    const out = await work(c)
    await c.query('COMMIT')
    return out
  } catch (err) {
    await c.query('ROLLBACK').catch(() => {})
    throw err
  } finally {
    c.release()
  }
}

/**
 * Brings the schema up to date. In one transaction under an advisory lock, so nodes that start
 * together wait for each other and the one that comes second finds the work done. Refuses a schema
 * newer than this build knows (an old node started after a newer one migrated).
 */
export const migratePg = async (pool: pg.Pool): Promise<{ from: number; to: number }> =>
  inTransaction(pool, async (c) => {
    await c.query("SELECT pg_advisory_xact_lock(hashtext('parley:migrate:' || current_schema()))")
    await c.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())')
    const from = (await c.query<{ v: number }>('SELECT coalesce(max(version), 0) AS v FROM schema_migrations')).rows[0]!.v
    if (from > PG_MIGRATIONS.length)
      throw new Error(`the database schema is version ${from}, newer than this relay knows (${PG_MIGRATIONS.length}); upgrade the relay`)
    for (let v = from + 1; v <= PG_MIGRATIONS.length; v++) {
      await c.query(PG_MIGRATIONS[v - 1]!)
      await c.query('INSERT INTO schema_migrations (version) VALUES ($1)', [v])
    }
    return { from, to: PG_MIGRATIONS.length }
  })
