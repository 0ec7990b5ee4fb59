// Which Store a relay or CLI command uses: PostgreSQL when a database URL is configured, otherwise
// the SQLite file in the data folder.
import { join } from 'node:path'
import { openPgStore } from './pg-store.js'
import { openSqliteStore } from './sqlite-store.js'
import type { Store } from './store.js'

/** Where the data lives. */
export interface StoreChoice {
  dataDir: string
  /** postgres://…; empty for SQLite */
  databaseUrl: string
  /** set: the relay is one node of a cluster (it shares the database with other nodes) */
  redisUrl?: string
}

/**
 * Opens the configured store. `relay` marks the long-running relay node (it holds a PostgreSQL
 * database alone); CLI commands open it beside a running relay. `onError` receives errors of idle
 * PostgreSQL connections.
 */
export const openStore = async (c: StoreChoice, opts: { relay?: boolean; name?: string; onError?: (err: Error) => void } = {}): Promise<Store> =>
  c.databaseUrl
    ? openPgStore({
        url: c.databaseUrl,
        applicationName: opts.name ?? 'parley',
        exclusive: opts.relay ? (c.redisUrl ? 'cluster' : true) : false,
        ...(opts.onError ? { onError: opts.onError } : {})
      })
    : openSqliteStore(join(c.dataDir, 'parley.db'))
