import { afterAll, describe, expect, it } from 'vitest'
import { migratePg, openPool } from '../../relay/store/pg-db.js'
import { PG_MIGRATIONS } from '../../relay/store/pg-schema.js'
import { openPgStore, type PgStore } from '../../relay/store/pg-store.js'
import { freshSchema, skipWithoutPg } from '../helpers/pg.js'
import { storeContract } from './store-contract.js'

const skip = await skipWithoutPg('PostgreSQL store contract')

if (!skip) {
  // One schema for the file, emptied before each test: migrating a fresh schema per test costs ~1 s.
  const shared = freshSchema()
  afterAll(async () => (await shared).drop())
  storeContract('PostgreSQL', async () => {
    const schema = await shared
    let store: PgStore = await openPgStore({ url: schema.url, max: 12 })
    await store.pool.query(
      'TRUNCATE agents, sessions, visitors, chats, messages, text_modules, tickets, site_settings, uploads, login_failures RESTART IDENTITY CASCADE; UPDATE counters SET value = 0'
    )
    return {
      store,
      async reopen() {
        await store.close()
        return (store = await openPgStore({ url: schema.url }))
      },
      async dispose() {
        await store.close()
      }
    }
  })

  describe('PostgreSQL store', () => {
    it('migrates once when several nodes start at the same moment', async () => {
      const schema = await freshSchema()
      try {
        const pools = Array.from({ length: 4 }, () => openPool({ url: schema.url, max: 2 }))
        const runs = await Promise.all(pools.map((p) => migratePg(p)))
        expect(runs.filter((r) => r.from === 0)).toHaveLength(1)
        expect(runs.every((r) => r.to === PG_MIGRATIONS.length)).toBe(true)
        const { rows } = await pools[0]!.query('SELECT version FROM schema_migrations ORDER BY version')
        expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1))
        await Promise.all(pools.map((p) => p.end()))
      } finally {
        await schema.drop()
      }
    })

    it('refuses a schema newer than it knows', async () => {
      const schema = await freshSchema()
      try {
        const store = await openPgStore({ url: schema.url })
        await store.pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [PG_MIGRATIONS.length + 1])
        await store.close()
        await expect(openPgStore({ url: schema.url })).rejects.toThrow(/newer than this relay knows/)
      } finally {
        await schema.drop()
      }
    })

    it('creates one first agent when four nodes start on an empty database at the same moment', async () => {
      const schema = await freshSchema()
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPgStore({ url: schema.url })))
      try {
        const made = await Promise.all(
          stores.map((st, i) =>
            st.createFirstAgent({ email: `admin${i}@x.test`, name: 'Admin', displayName: 'Admin', role: 'admin', passwordHash: 'x', maxChats: 4 })
          )
        )
        expect(made.filter(Boolean)).toHaveLength(1)
        expect(await stores[3]!.countAgents()).toBe(1)
      } finally {
        await Promise.all(stores.map((st) => st.close()))
        await schema.drop()
      }
    })

    it('adds up login failures counted by several nodes at once', async () => {
      const schema = await freshSchema()
      const stores = await Promise.all(Array.from({ length: 3 }, () => openPgStore({ url: schema.url })))
      try {
        const rule = { failures: 30, windowMs: 60_000 }
        await Promise.all(stores.flatMap((st) => Array.from({ length: 10 }, (_, i) => st.recordLoginFailure('k', 1000 + i, rule))))
        // Thirty failures from three nodes: the thirtieth locked the key, whichever node counted it.
        expect(await stores[0]!.loginLockedUntil('k')).toBeGreaterThanOrEqual(61_000)
        const { rows } = await stores[0]!.pool.query('SELECT count FROM login_failures')
        expect(rows).toEqual([{ count: 0 }])
      } finally {
        await Promise.all(stores.map((st) => st.close()))
        await schema.drop()
      }
    })

    it('hands a due webhook to one of several pollers until its lease ends', async () => {
      const schema = await freshSchema()
      const stores = await Promise.all([openPgStore({ url: schema.url }), openPgStore({ url: schema.url }), openPgStore({ url: schema.url })])
      try {
        const [s] = stores
        await s!.createVisitor({ id: 'v1', tokenHash: 'h1', verified: 0, createdAt: 1 })
        for (let i = 0; i < 20; i++) {
          await s!.createChat(
            { id: `c${i}`, visitorId: 'v1', status: 'waiting', title: 'Hi', createdAt: i, firstText: 'Hi', tags: [], visitor: {} },
            { id: `m${i}`, from: 'customer', parts: [], at: i }
          )
          await s!.createTicket({ chatId: `c${i}`, title: 't', customer: {}, tags: [], status: 'open', note: '', chatUrl: '', createdAt: 10, webhook: true })
        }
        const claims = await Promise.all(stores.flatMap((st) => [st.claimDueWebhooks(100, 60_000), st.claimDueWebhooks(100, 60_000)]))
        const claimed = claims.flat().map((t) => t.number)
        expect(claimed.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
        expect(await s!.claimDueWebhooks(100 + 59_000, 60_000)).toEqual([])
        expect(await s!.claimDueWebhooks(100 + 60_000, 60_000)).toHaveLength(20)
      } finally {
        await Promise.all(stores.map((st) => st.close()))
        await schema.drop()
      }
    })
  })
}
