// One leader among nodes sharing a PostgreSQL database, and a new one when it goes.
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createLeader, type Leader } from '../../relay/store/pg-leader.js'
import { freshSchema, PG_TEST_URL, skipWithoutPg, type TestSchema } from '../helpers/pg.js'

const skip = await skipWithoutPg('leader election')
const until = async (what: () => boolean, ms = 5000) => {
  const end = Date.now() + ms
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe.skipIf(skip)('leader on PostgreSQL', () => {
  let schema: TestSchema | undefined
  const leaders: Leader[] = []
  afterEach(async () => {
    await Promise.all(leaders.splice(0).map((l) => l.close()))
    await schema?.drop()
  })

  it('has exactly one leader among three nodes, and another when its connection is killed', { timeout: 20_000 }, async () => {
    schema = await freshSchema()
    const tag = schema.name
    for (let i = 0; i < 3; i++) leaders.push(createLeader({ url: schema.url, name: 'sweeper', retryMs: 100, applicationName: `${tag}-${i}` }))
    await until(() => leaders.some((l) => l.isLeader()))
    await new Promise((r) => setTimeout(r, 300))
    expect(leaders.filter((l) => l.isLeader())).toHaveLength(1)
    const first = leaders.findIndex((l) => l.isLeader())

    const admin = new pg.Client({ connectionString: PG_TEST_URL })
    await admin.connect()
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [`${tag}-${first}`])
    await admin.end()
    await until(() => leaders.some((l, i) => i !== first && l.isLeader()))
    await new Promise((r) => setTimeout(r, 300))
    expect(leaders.filter((l) => l.isLeader())).toHaveLength(1)
  })

  it('hands over when the leader closes', { timeout: 20_000 }, async () => {
    schema = await freshSchema()
    const a = createLeader({ url: schema.url, name: 'sweeper', retryMs: 100 })
    leaders.push(a)
    await until(() => a.isLeader())
    const b = createLeader({ url: schema.url, name: 'sweeper', retryMs: 100 })
    leaders.push(b)
    await new Promise((r) => setTimeout(r, 300))
    expect(b.isLeader()).toBe(false)
    await a.close()
    await until(() => b.isLeader())
  })
})
