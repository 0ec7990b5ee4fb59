// `npm run bench:cluster`: the cost of the PostgreSQL path against today's single node on SQLite,
// one after the other in the same run, on the same load (bench:relay's rig: chats answered by 10
// agents, a closed loop for throughput, then a fixed offered rate for latency). Each relay is a
// real `parley start`; the PostgreSQL one runs on a fresh schema made by `parley migrate` from the
// same template the SQLite one copies, and the schema is dropped afterwards.
//
//   npm run bench:cluster                 ≈ 1–2 minutes
//   BENCH_QUICK=1 npm run bench:cluster   a smoke run
//
// On a 2-core machine the relay, PostgreSQL and the load generator share the CPU: the figures show
// the cost of the path, not capacity. Several nodes behind a load balancer (pg-2) need cluster
// mode, which this version does not have; the table says so.
import { rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { randomBytes } from 'node:crypto'
import { migrateSqliteToPg } from '../relay/store/migrate-sqlite.js'
import { login } from './relay-clients.js'
import { AGENT_PASSWORD, AGENTS, agentEmail, freshDataDir, makeTemplate, RELAY_LIMITS } from './relay-env.js'
import { buildRig, closedLoop, openLoop } from './relay-load.js'
import { startRelay, type Server } from './relay-procs.js'
import { count, ms } from './relay-stats.js'

const QUICK = process.env.BENCH_QUICK === '1'
const SECONDS = Math.min(Number(process.env.BENCH_SECONDS ?? (QUICK ? 2 : 6)), 60)
const CHATS = Math.min(Number(process.env.BENCH_CHATS ?? (QUICK ? 20 : 100)), 200)
const RATE = Math.min(Number(process.env.BENCH_RATE ?? 500), 5000)
const PG_URL = process.env.PARLEY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

interface Row {
  config: string
  closedRate: number
  closedP50: number
  closedP99: number
  openP50: number
  openP99: number
  missing: number
  /** PostgreSQL transactions committed per message in the closed loop */
  pgCommitsPerMsg?: number
}

const commits = async (): Promise<number> => {
  const c = new pg.Client({ connectionString: PG_URL })
  await c.connect()
  const { rows } = await c.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()')
  await c.end()
  return Number(rows[0]!.n)
}

const measure = async (config: string, server: Server, pgStats: boolean): Promise<Row> => {
  const cookies = await Promise.all(Array.from({ length: AGENTS }, (_, i) => login(server, agentEmail(i), AGENT_PASSWORD)))
  const rig = await buildRig(server, cookies, CHATS)
  try {
    await closedLoop(rig, 1, `${config}-warm`)
    const before = pgStats ? await commits() : 0
    const closed = await closedLoop(rig, SECONDS, `${config}-closed`)
    const after = pgStats ? await commits() : 0
    const open = await openLoop(rig, RATE, SECONDS, `${config}-open`)
    return {
      config,
      closedRate: closed.rate,
      closedP50: closed.p50,
      closedP99: closed.p99,
      openP50: open.p50,
      openP99: open.p99,
      missing: open.missing,
      ...(pgStats ? { pgCommitsPerMsg: (after - before) / closed.messages } : {})
    }
  } finally {
    rig.close()
  }
}

const main = async () => {
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-cluster-'))
  const template = await makeTemplate(join(work, 'template'))
  const rows: Row[] = []
  try {
    {
      const dir = freshDataDir(template)
      const server = await startRelay({ PARLEY_DATA_DIR: dir, ...RELAY_LIMITS })
      try {
        rows.push(await measure('sqlite-1', server, false))
      } finally {
        await server.stop()
        rmSync(dir, { recursive: true, force: true })
      }
    }
    {
      const schema = `parley_bench_${randomBytes(5).toString('hex')}`
      const admin = new pg.Client({ connectionString: PG_URL })
      await admin.connect()
      await admin.query(`CREATE SCHEMA ${schema}`)
      const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`
      try {
        await migrateSqliteToPg(template, url, () => {})
        const server = await startRelay({ PARLEY_DATABASE_URL: url, PARLEY_DATA_DIR: join(work, 'pg-data'), ...RELAY_LIMITS })
        try {
          rows.push(await measure('pg-1', server, true))
        } finally {
          await server.stop()
        }
      } finally {
        await admin.query(`DROP SCHEMA ${schema} CASCADE`)
        await admin.end()
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }

  console.log(
    `\n${CHATS} chats, 10 agents, closed loop ${SECONDS} s, then ${RATE} msg/s offered for ${SECONDS} s (loopback, 2 cores shared with PostgreSQL and the load)\n`
  )
  console.log('| config | closed loop msg/s | p50 | p99 | at ' + RATE + ' msg/s p50 | p99 | missing | PG commits per message |')
  console.log('|---|---|---|---|---|---|---|---|')
  for (const r of rows)
    console.log(
      `| ${r.config} | ${count(r.closedRate)} | ${ms(r.closedP50)} | ${ms(r.closedP99)} | ${ms(r.openP50)} | ${ms(r.openP99)} | ${r.missing} | ${r.pgCommitsPerMsg === undefined ? '–' : r.pgCommitsPerMsg.toFixed(2)} |`
    )
  console.log('| pg-2 behind a load balancer | not measured: cluster mode (PARLEY_REDIS_URL) is not in this version | | | | | | |')
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
