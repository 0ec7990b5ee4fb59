// `npm run bench:cluster`: what the cluster path costs, on the same load, in one run:
//
//   sqlite-1      today's single node on SQLite (the baseline)
//   pg-1          one node on PostgreSQL (no Redis)
//   pg-redis-1    one node on PostgreSQL and Redis (cluster mode with one node)
//   pg-redis-2    two nodes behind nginx (the README's configuration), every customer on node A
//                 and every agent on node B: each message crosses Redis (the worst case)
//
// The load is bench:relay's rig (chats answered by 10 agents; a closed loop for throughput, then a
// fixed offered rate for latency), then the time for an agent's status change to reach a watching
// customer on every node. The configurations are interleaved over rounds (the median is printed)
// so the machine's load drifts over all of them alike. Every relay is a real `parley start`; each
// PostgreSQL configuration gets a fresh database (its commit counters are its own), copied by
// `parley migrate` from the template the SQLite one copies; Redis is a private redis-server (its
// command counters are ours alone). Everything is dropped or stopped afterwards.
//
//   npm run bench:cluster                 ≈ 5 minutes
//   BENCH_QUICK=1 npm run bench:cluster   a smoke run
//   BENCH_ROUNDS, BENCH_SECONDS, BENCH_CHATS, BENCH_RATE   the knobs (bounded)
//   BENCH_CONFIGS=sqlite-1,pg-redis-2                       only those configurations
//
// On a 2-core machine the relays, PostgreSQL, Redis, nginx and the load generator share the CPU:
// the figures show the cost of the cluster path, not capacity. The table says so.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import pg from 'pg'
import { migrateSqliteToPg } from '../relay/store/migrate-sqlite.js'
import { freePort } from '../test/helpers/child-relay.js'
import { startNginx, type Nginx } from '../test/helpers/nginx.js'
import { startPrivateRedis } from '../test/helpers/redis.js'
import { login, readyAgent, readyCustomer, type Peer } from './relay-clients.js'
import { AGENT_PASSWORD, AGENTS, agentEmail, freshDataDir, makeTemplate, RELAY_LIMITS } from './relay-env.js'
import { buildRig, closedLoop, openLoop, type Openers } from './relay-load.js'
import { startRelay, type Server } from './relay-procs.js'
import { count, median, ms, percentile } from './relay-stats.js'

const QUICK = process.env.BENCH_QUICK === '1'
const bounded = (name: string, fallback: number, max: number): number => {
  const v = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`)
  return Math.min(v, max)
}
const SECONDS = bounded('BENCH_SECONDS', QUICK ? 2 : 6, 60)
const CHATS = Math.round(bounded('BENCH_CHATS', QUICK ? 20 : 100, 200))
const RATE = bounded('BENCH_RATE', 100, 5000)
const ROUNDS = Math.round(bounded('BENCH_ROUNDS', QUICK ? 1 : 2, 10))
/** availability toggles per configuration and round (each an on and an off) */
const TOGGLES = QUICK ? 2 : 5
const PG_URL = process.env.PARLEY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const ALL = ['sqlite-1', 'pg-1', 'pg-redis-1', 'pg-redis-2'] as const
type Config = (typeof ALL)[number]
/** BENCH_CONFIGS=sqlite-1,pg-redis-2 runs only those */
const CONFIGS: readonly Config[] = process.env.BENCH_CONFIGS
  ? process.env.BENCH_CONFIGS.split(',').map((c) => {
      if (!(ALL as readonly string[]).includes(c)) throw new Error(`BENCH_CONFIGS: ${c} is none of ${ALL.join(', ')}`)
      return c as Config
    })
  : ALL

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** One configuration's figures in one round. */
interface Row {
  config: Config
  closedRate: number
  closedP50: number
  closedP99: number
  openP50: number
  openP99: number
  missing: number
  /** ms from an agent's status change to the last watching customer's availability frame */
  availability: number[]
  /** messages delivered in the closed loop, which the counters below are divided by */
  messages: number
  /** PostgreSQL transactions committed and rows written during the closed loop (NaN without PostgreSQL) */
  pgCommits: number
  pgRows: number
  /** Redis calls per command during the closed loop */
  redis: Map<string, number>
  /** Redis commands per second with no chat traffic (presence refreshes, reapers) */
  redisIdlePerS: number
  /** CPU time of all relay processes during the closed loop, ms */
  cpuMs: number
}

/** user + system CPU time of a process so far, ms (Linux /proc, 100 ticks a second). */
const cpuOf = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
}

/** A PostgreSQL database of one configuration: fresh, so pg_stat_database counts only its traffic. */
interface Database {
  url: string
  /** committed transactions and rows written so far (read after the stats are flushed) */
  counters(): Promise<{ commits: number; rows: number }>
  drop(): Promise<void>
}

const freshDatabase = async (): Promise<Database> => {
  const name = `parley_bench_${randomBytes(5).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const u = new URL(PG_URL)
  u.pathname = '/' + name
  return {
    url: u.toString(),
    async counters() {
      // Backends report their statistics at most once a second: let them.
      await sleep(1500)
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      const { rows } = await c.query<{ commits: string; rows: string }>(
        'SELECT xact_commit AS commits, tup_inserted + tup_updated + tup_deleted AS rows FROM pg_stat_database WHERE datname = $1',
        [name]
      )
      await c.end()
      return { commits: Number(rows[0]!.commits), rows: Number(rows[0]!.rows) }
    },
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    }
  }
}

/** Calls per Redis command so far (INFO commandstats). */
const commandStats = async (redis: Redis): Promise<Map<string, number>> => {
  const info = await redis.info('commandstats')
  const out = new Map<string, number>()
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1]!, Number(m[2]))
  return out
}
const statsDelta = (before: Map<string, number>, after: Map<string, number>): Map<string, number> => {
  const d = new Map<string, number>()
  for (const [k, v] of after) if (v - (before.get(k) ?? 0) > 0) d.set(k, v - (before.get(k) ?? 0))
  // The bench's own INFO calls are not the relay's.
  d.delete('info')
  return d
}
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)

/** What one configuration runs on: the servers, where clients enter, and how they are pinned to nodes. */
interface Setup {
  nodes: Server[]
  /** where clients and logins go: the only node, or nginx */
  entry: { name: Server['name']; url: string; wsUrl: string }
  open: Openers
  /** a customer socket that watches availability on node i (no chat) */
  watcher(i: number): Promise<Peer>
  db?: Database
  stop(): Promise<void>
}

/** Opens sockets through nginx until one lands on node `want` (round robin: every other one does). */
const pinned = async (nginxNodes: readonly string[], want: number, open: () => Promise<Peer>): Promise<Peer> => {
  for (let attempt = 0; attempt < 12; attempt++) {
    const p = await open()
    const served = String(p.upgrade['x-parley-node'] ?? '')
      .split(',')
      .pop()!
      .trim()
    if (nginxNodes.indexOf(served) === want) return p
    p.close()
  }
  throw new Error(`nginx never picked node ${want}`)
}

const setUp = async (config: Config, template: string, work: string, redisUrl: string): Promise<Setup> => {
  if (config === 'sqlite-1') {
    const dir = freshDataDir(template)
    const server = await startRelay({ PARLEY_DATA_DIR: dir, ...RELAY_LIMITS })
    return {
      nodes: [server],
      entry: server,
      open: { customer: () => readyCustomer(server), agent: (c) => readyAgent(server, c) },
      watcher: () => readyCustomer(server),
      async stop() {
        await server.stop()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  }
  const db = await freshDatabase()
  await migrateSqliteToPg(template, db.url, () => {})
  const prefix = `parley-bench-${randomBytes(4).toString('hex')}:`
  const env = {
    PARLEY_DATABASE_URL: db.url,
    PARLEY_DATA_DIR: join(work, `${config}-data`),
    ...RELAY_LIMITS,
    ...(config === 'pg-1' ? {} : { PARLEY_REDIS_URL: redisUrl, PARLEY_REDIS_PREFIX: prefix })
  }
  const nodes: Server[] = []
  let nginx: Nginx | undefined
  const stop = async () => {
    await nginx?.stop()
    await Promise.all(nodes.map((n) => n.stop()))
    await db.drop()
  }
  try {
    const count = config === 'pg-redis-2' ? 2 : 1
    for (let i = 0; i < count; i++) nodes.push(await startRelay({ ...env, PARLEY_NODE_ID: `${config}-${i}`, PARLEY_TRUSTED_PROXIES: '127.0.0.1' }))
    if (count === 1) {
      const server = nodes[0]!
      return {
        nodes,
        entry: server,
        open: { customer: () => readyCustomer(server), agent: (c) => readyAgent(server, c) },
        watcher: () => readyCustomer(server),
        db,
        stop
      }
    }
    const addresses = nodes.map((n) => n.url.replace('http://', ''))
    nginx = await startNginx(await freePort(), addresses)
    const entry = { name: 'relay' as const, url: nginx.url, wsUrl: nginx.wsUrl }
    return {
      nodes,
      entry,
      // Customers on node A, agents on node B: every message crosses Redis.
      open: { customer: () => pinned(addresses, 0, () => readyCustomer(entry)), agent: (c) => pinned(addresses, 1, () => readyAgent(entry, c)) },
      watcher: (i) => pinned(addresses, i, () => readyCustomer(entry)),
      db,
      stop
    }
  } catch (e) {
    await stop()
    throw e
  }
}

/**
 * Switches every agent off, then `TOGGLES` times one agent on and off again; each time measures how
 * long until the watching customer on every node has heard the new availability.
 */
const availabilityTimes = async (agents: Peer[], watchers: Peer[]): Promise<number[]> => {
  const heard = (available: boolean) =>
    Promise.all(watchers.map((w) => w.next((f) => f.type === 'availability' && f.available === available, `available ${available}`)))
  const off = heard(false)
  for (const a of agents) a.send({ type: 'status', on: false })
  await off
  const times: number[] = []
  for (let i = 0; i < TOGGLES; i++) {
    for (const on of [true, false]) {
      const t0 = performance.now()
      const all = heard(on)
      agents[0]!.send({ type: 'status', on })
      await all
      times.push(performance.now() - t0)
      await sleep(200)
    }
  }
  for (const a of agents) a.send({ type: 'status', on: true })
  return times
}

const measure = async (config: Config, setup: Setup, redis: Redis): Promise<Row> => {
  const cookies = await Promise.all(Array.from({ length: AGENTS }, (_, i) => login(setup.entry, agentEmail(i), AGENT_PASSWORD)))
  const rig = await buildRig(setup.nodes[0]!, cookies, CHATS, setup.open)
  const pids = setup.nodes.map((n) => n.pid)
  const watchers: Peer[] = []
  try {
    await closedLoop(rig, 1, `${config}-warm`)
    const idleBefore = await commandStats(redis)
    await sleep(2000)
    const redisIdlePerS = sum(statsDelta(idleBefore, await commandStats(redis))) / 2
    const pgBefore = setup.db ? await setup.db.counters() : undefined
    const redisBefore = await commandStats(redis)
    const cpuBefore = pids.map(cpuOf)
    const closed = await closedLoop(rig, SECONDS, `${config}-closed`)
    const cpu = pids.map(cpuOf).reduce((a, b, i) => a + b - cpuBefore[i]!, 0)
    const redisDelta = statsDelta(redisBefore, await commandStats(redis))
    const pgAfter = setup.db ? await setup.db.counters() : undefined
    const open = await openLoop(rig, RATE, SECONDS, `${config}-open`)
    for (let i = 0; i < setup.nodes.length; i++) watchers.push(await setup.watcher(i))
    const availability = await availabilityTimes(rig.agents, watchers)
    return {
      config,
      closedRate: closed.rate,
      closedP50: closed.p50,
      closedP99: closed.p99,
      openP50: open.p50,
      openP99: open.p99,
      missing: open.missing,
      availability,
      messages: closed.messages,
      pgCommits: pgBefore && pgAfter ? pgAfter.commits - pgBefore.commits : NaN,
      pgRows: pgBefore && pgAfter ? pgAfter.rows - pgBefore.rows : NaN,
      redis: redisDelta,
      redisIdlePerS,
      cpuMs: cpu
    }
  } finally {
    for (const w of watchers) w.close()
    rig.close()
  }
}

const fixed = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : '–')

const main = async () => {
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-cluster-'))
  const redisServer = await startPrivateRedis()
  const redis = new Redis(redisServer.url)
  const template = await makeTemplate(join(work, 'template'))
  const rows: Row[] = []
  try {
    for (let round = 0; round < ROUNDS; round++)
      for (const config of CONFIGS) {
        const setup = await setUp(config, template, work, redisServer.url)
        try {
          const row = await measure(config, setup, redis)
          rows.push(row)
          console.log(
            `round ${round + 1}/${ROUNDS} ${config}: ${count(row.closedRate)} msg/s, p99 ${ms(row.closedP99)}, at ${RATE} msg/s p99 ${ms(row.openP99)}, availability p50 ${ms(median(row.availability))}`
          )
        } finally {
          await setup.stop()
        }
      }
  } finally {
    redis.disconnect()
    await redisServer.kill()
    rmSync(work, { recursive: true, force: true })
  }

  const of = (c: Config) => rows.filter((r) => r.config === c)
  const med = (c: Config, f: (r: Row) => number) => median(of(c).map(f))
  // Costs per message over all rounds together: counters summed, divided by all the messages.
  const perMsg = (c: Config, f: (r: Row) => number) => of(c).reduce((a, r) => a + f(r), 0) / of(c).reduce((a, r) => a + r.messages, 0)
  const redisOf = (c: Config) => {
    const total = new Map<string, number>()
    for (const r of of(c)) for (const [k, v] of r.redis) total.set(k, (total.get(k) ?? 0) + v)
    const n = of(c).reduce((a, r) => a + r.messages, 0)
    const top = [...total]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([k, v]) => `${k} ${(v / n).toFixed(2)}`)
      .join(', ')
    return `${fixed(sum(total) / n)}${top ? ` (${top})` : ''}`
  }
  console.log(
    `\n${CHATS} chats, ${AGENTS} agents; closed loop ${SECONDS} s, then ${RATE} msg/s offered for ${SECONDS} s; ${TOGGLES * 2} availability changes; ` +
      `median of ${ROUNDS} interleaved round(s); loopback, the relays sharing 2 cores with PostgreSQL, Redis, nginx and the load\n`
  )
  console.log(
    `| config | closed loop msg/s | p50 | p99 | at ${RATE} msg/s p50 | p99 | late > 5 s (all rounds) | availability on every node p50 / max | PG commits / rows per msg | Redis commands per msg | Redis commands/s idle | relay CPU per msg |`
  )
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|')
  for (const c of CONFIGS) {
    const all = of(c).flatMap((r) => r.availability)
    console.log(
      `| ${c} | ${count(med(c, (r) => r.closedRate))} | ${ms(med(c, (r) => r.closedP50))} | ${ms(med(c, (r) => r.closedP99))} | ${ms(med(c, (r) => r.openP50))} | ${ms(med(c, (r) => r.openP99))} | ` +
        `${of(c).reduce((a, r) => a + r.missing, 0)} | ${ms(percentile(all, 50))} / ${ms(Math.max(...all))} | ` +
        `${fixed(perMsg(c, (r) => r.pgCommits))} / ${fixed(perMsg(c, (r) => r.pgRows))} | ${redisOf(c)} | ` +
        `${fixed(
          med(c, (r) => r.redisIdlePerS),
          1
        )} | ${ms(perMsg(c, (r) => r.cpuMs))} |`
    )
  }
  console.log(
    '\nOn 2 shared cores every extra process (a second relay, nginx, Redis) takes CPU from the others: this is the cost of the cluster path, not its capacity (see README, "Run several nodes").'
  )
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
