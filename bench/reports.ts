// Reports on a year of data: 50,000 chats and 1,000,000 messages in a real SQLite file (built once
// and kept in node_modules/.cache/parley-bench/), then today / 7 / 30 / 365-day reports through
// the worker thread the relay uses, with the main thread's event-loop delay measured meanwhile.
// Prints figures; the bar is a 30-day report in ≤ 200 ms without blocking the relay.
//   npm run bench:reports        (builds the data first, then measures under flock /tmp/bench.lock)
import Database from 'better-sqlite3'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { resolvePeriod } from '../relay/reports/period.js'
import { createReportRunner } from '../relay/reports/runner.js'
import { openSqliteStore } from '../relay/store/sqlite-store.js'

const CHATS = 50_000
const MESSAGES_PER_CHAT = 20
const AGENTS = 12
const DAY = 86_400_000
const DIR = 'node_modules/.cache/parley-bench'
const FILE = `${DIR}/reports-${CHATS}.db`
const ZONE = 'Europe/Berlin'
const now = Date.now()

const build = async () => {
  mkdirSync(DIR, { recursive: true })
  for (const f of [FILE, FILE + '-wal', FILE + '-shm']) rmSync(f, { force: true })
  // The store creates the schema (every migration); the rows go in directly, in one transaction.
  await openSqliteStore(FILE).close()
  const db = new Database(FILE)
  db.pragma('journal_mode = WAL')
  let seed = 1
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647
  const agent = db.prepare(
    "INSERT INTO agents (id, email, name, display_name, role, password_hash, max_chats, created_at) VALUES (?, ?, ?, ?, 'agent', 'x', 4, 0)"
  )
  const visitor = db.prepare('INSERT INTO visitors (id, token_hash, created_at) VALUES (?, ?, ?)')
  const chat = db.prepare(
    'INSERT INTO chats (id, visitor_id, status, title, agent_id, created_at, answered_at, ended_at, last_seq, first_text, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'
  )
  const message = db.prepare('INSERT INTO messages (chat_id, seq, id, author, name, parts, at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
  const online = db.prepare('INSERT INTO agent_online (agent_id, started_at, ended_at) VALUES (?, ?, ?)')
  const parts = JSON.stringify([{ type: 'text', text: 'Where is my parcel? It was due on Tuesday and the tracking page says nothing.' }])
  db.transaction(() => {
    for (let a = 0; a < AGENTS; a++) agent.run('a' + a, `a${a}@bench.test`, 'Agent ' + a, 'Agent ' + a)
    for (let d = 0; d < 366; d++) for (let a = 0; a < AGENTS; a++) online.run('a' + a, now - d * DAY - 9 * 3600_000, now - d * DAY - 1 * 3600_000)
    for (let c = 0; c < CHATS; c++) {
      const id = 'c' + c
      const created = now - Math.floor(rand() * 365 * DAY)
      visitor.run('v' + c, 'h' + c, created)
      const missed = rand() < 0.1
      const agentId = missed ? null : 'a' + (c % AGENTS)
      const joined = created + 10_000 + Math.floor(rand() * 300_000)
      const ended = joined + 60_000 + Math.floor(rand() * 1_800_000)
      chat.run(id, 'v' + c, 'ended', 'Chat ' + c, agentId, created, missed ? null : joined, ended, MESSAGES_PER_CHAT, 'Where is my parcel?', created)
      message.run(id, 1, 'm1', 'customer', null, parts, created, null)
      message.run(id, 2, 'sys-j', 'system', 'Agent', '[]', joined, missed ? 'ended' : 'joined')
      let at = joined
      for (let s = 3; s <= MESSAGES_PER_CHAT; s++) {
        at += 5_000 + Math.floor(rand() * 60_000)
        const fromAgent = !missed && s % 2 === 1
        message.run(id, s, 'm' + s, fromAgent ? 'agent' : 'customer', fromAgent ? 'Agent' : null, parts, at, null)
      }
    }
  })()
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.exec('ANALYZE')
  db.close()
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!

if (!existsSync(FILE)) {
  const t = performance.now()
  await build()
  console.log(`built ${FILE}: ${CHATS} chats, ${CHATS * MESSAGES_PER_CHAT} messages over 365 days in ${((performance.now() - t) / 1000).toFixed(1)} s`)
} else console.log(`reusing ${FILE} (delete it to rebuild)`)
// Building the data is not measured: BENCH_BUILD_ONLY=1 builds it (outside the bench lock) and stops.
if (process.env.BENCH_BUILD_ONLY) process.exit(0)
const check = new Database(FILE, { readonly: true })
const counts = check.prepare('SELECT (SELECT count(*) FROM chats) AS chats, (SELECT count(*) FROM messages) AS messages').get() as {
  chats: number
  messages: number
}
check.close()
const { loadavg, cpus } = await import('node:os')
console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at start`)
console.log(`data: ${counts.chats} chats, ${counts.messages} messages; zone ${ZONE}; Node ${process.version}`)

const runner = createReportRunner(FILE, 60_000)
const lag = monitorEventLoopDelay({ resolution: 5 })
const RUNS = 15
const periods: [string, Record<string, string>][] = [
  ['today', { period: 'today' }],
  ['7 days', { period: '7d' }],
  ['30 days', { period: '30d' }],
  ['365 days', { period: 'custom', from: new Date(now - 364 * DAY).toISOString().slice(0, 10), to: new Date(now).toISOString().slice(0, 10) }]
]
// The first report starts the worker and warms SQLite's cache: reported apart.
const first = performance.now()
const warm = await runner.run({ span: resolvePeriod({ period: '30d' }, ZONE, now), timeZone: ZONE, now })
console.log(
  `first 30-day report (worker start, cold cache): ${Math.round(performance.now() - first)} ms wall, ${warm.tookMs} ms SQL; ${warm.totals.started} chats`
)
lag.enable()
for (const [name, q] of periods) {
  const sql: number[] = []
  const wall: number[] = []
  const cpu: number[] = []
  let started = 0
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    // Process CPU time: the main thread only waits, so this is the worker's work. Unlike wall time
    // it hardly changes when other programs crowd the machine's cores.
    const c = process.cpuUsage()
    const r = await runner.run({ span: resolvePeriod(q, ZONE, now), timeZone: ZONE, now })
    const used = process.cpuUsage(c)
    cpu.push((used.user + used.system) / 1000)
    wall.push(performance.now() - t)
    sql.push(r.tookMs)
    started = r.totals.started
  }
  console.log(
    `${name.padEnd(8)} ${String(started).padStart(6)} chats: SQL median ${pct(sql, 50)} ms, p90 ${pct(sql, 90)} ms; wall (incl. worker hop) median ${pct(wall, 50).toFixed(0)} ms, max ${Math.max(...wall).toFixed(0)} ms; CPU median ${pct(cpu, 50).toFixed(0)} ms`
  )
}
lag.disable()
console.log(
  `main thread event-loop delay while reports ran: p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms (5 ms resolution)`
)
await runner.close()
