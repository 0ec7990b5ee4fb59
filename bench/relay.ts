// The relay under load: `npm run bench:relay`. Runs, in the same run and interleaved (relay,
// reference, relay, reference … for BENCH_ROUNDS rounds), the relay as a user starts it (`parley
// start` on a fresh SQLite file) and the reference forwarder of bench/ref-forwarder.ts, then the
// relay-only panel and archive scenarios, and prints one table with the goals of issue 8 beside
// the figures (medians over the rounds; ratios are medians of each round's ratio).
//
//   npm run bench:relay                  3 rounds, ≈ 6–9 minutes (building the archive the first time adds a few)
//   BENCH_QUICK=1 npm run bench:relay    a smoke run: 1 round, small sizes, ≈ 1 minute
//
// Loopback only; every size and duration is bounded (see bench/README.md).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { archiveDatabase } from './relay-archive.js'
import { login } from './relay-clients.js'
import { AGENT_PASSWORD, AGENTS, agentEmail, freshDataDir, makeTemplate, RELAY_LIMITS } from './relay-env.js'
import { buildRig, closedLoop, idleSockets, openLoop, type ClosedLoop, type IdleCost, type OpenLoop } from './relay-load.js'
import { panelScenario, type PanelCost } from './relay-panel.js'
import { startReference, startRelay, type Server } from './relay-procs.js'
import { searchScenario } from './relay-search.js'
import { count, kib, median, ms, times } from './relay-stats.js'

const QUICK = process.env.BENCH_QUICK === '1'
const bounded = (name: string, full: number, quick: number, max: number): number => {
  const v = Number(process.env[name] ?? (QUICK ? quick : full))
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`)
  return Math.min(v, max)
}
/** rounds of relay/reference (A B A B …) */
const ROUNDS = bounded('BENCH_ROUNDS', 3, 1, 10)
/** seconds of each load phase (closed loop, 1k/s, 5k/s) */
const SECONDS = bounded('BENCH_SECONDS', 5, 1, 60)
const CHATS = Math.round(bounded('BENCH_CHATS', 200, 20, 200))
const IDLE_SOCKETS = Math.round(bounded('BENCH_IDLE_SOCKETS', 10_000, 500, 10_000))
const PANEL_LEVELS = QUICK ? [0, 20] : [0, 200, 1000]
const PANEL_SAMPLES = QUICK ? 1 : 3
const ARCHIVE_CHATS = Math.round(bounded('BENCH_ARCHIVE_CHATS', 50_000, 500, 50_000))
const ARCHIVE_PER_CHAT = 20
const SEARCHES = Math.round(bounded('BENCH_SEARCHES', 60, 12, 500))
/** which parts run: load, idle, panel, archive (comma list) */
const ONLY = new Set((process.env.BENCH_ONLY ?? 'load,idle,panel,archive').split(',').map((s) => s.trim()))
/** which phases of the load part run: closed, k1, k5 (comma list; the 1 s warm-up always runs) */
const PHASES = new Set((process.env.BENCH_LOAD_PHASES ?? 'closed,k1,k5').split(',').map((s) => s.trim()))
/** extra node options for the relay only (say `--cpu-prof --cpu-prof-dir=/tmp/prof`); split on spaces */
const RELAY_NODE_ARGS = (process.env.BENCH_RELAY_NODE_ARGS ?? '').split(' ').filter(Boolean)
// BENCH_ARCHIVE_DB: an archive built earlier (by an older Store, say), copied and opened instead of the cached one.
/** where heap snapshots of the relay's idle sockets go (bench/relay-heap.ts reads them); unset: none */
const SNAPSHOTS = process.env.BENCH_HEAP_SNAPSHOTS

const log = (s: string) => console.log(`[${((performance.now() - T0) / 1000).toFixed(0).padStart(3)} s] ${s}`)
const T0 = performance.now()

const NO_CLOSED: ClosedLoop = { rate: NaN, p50: NaN, p99: NaN, messages: 0 }
const NO_OPEN: OpenLoop = { offered: 0, p50: NaN, p99: NaN, p999: NaN, deliveredRate: NaN, missing: 0, latencies: [] }

type Side = { load: { closed: ClosedLoop; k1: OpenLoop; k5: OpenLoop }[]; idle: IdleCost[] }

const cookiesOf = async (server: Server, n: number): Promise<(string | undefined)[]> =>
  server.name === 'reference' ? Array(n).fill(undefined) : Promise.all(Array.from({ length: n }, (_, i) => login(server, agentEmail(i), AGENT_PASSWORD)))

const withServer = async <T>(kind: Server['name'], template: string, fn: (s: Server) => Promise<T>): Promise<T> => {
  const dir = kind === 'relay' ? freshDataDir(template) : mkdtempSync(join(tmpdir(), 'parley-ref-'))
  const server = kind === 'relay' ? await startRelay({ PARLEY_DATA_DIR: dir, ...RELAY_LIMITS }, RELAY_NODE_ARGS) : await startReference(join(dir, 'ref.db'))
  try {
    return await fn(server)
  } catch (e) {
    console.error(server.output().slice(-4000))
    throw e
  } finally {
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const loadRound = (kind: Server['name'], template: string, round: number) =>
  withServer(kind, template, async (server) => {
    const rig = await buildRig(server, await cookiesOf(server, AGENTS), CHATS)
    await closedLoop(rig, 1, `warm${round}`)
    const closed = PHASES.has('closed') ? await closedLoop(rig, SECONDS, `closed${round}`) : NO_CLOSED
    const k1 = PHASES.has('k1') ? await openLoop(rig, 1000, SECONDS, `k1-${round}`) : NO_OPEN
    await server.loopDelay()
    const k5 = PHASES.has('k5') ? await openLoop(rig, 5000, SECONDS, `k5-${round}`) : NO_OPEN
    const loop = await server.loopDelay()
    rig.close()
    log(
      `${kind.padEnd(9)} round ${round + 1}: closed ${count(closed.rate)} msg/s p50 ${ms(closed.p50)} p99 ${ms(closed.p99)}; 1k p99 ${ms(k1.p99)}; 5k p50 ${ms(k5.p50)} p99 ${ms(k5.p99)} p99.9 ${ms(k5.p999)} (${count(k5.deliveredRate)}/s, ${k5.missing} late); ${PHASES.has('k5') ? `5k CPU ${((loop.cpuMs * 1000) / (5000 * SECONDS)).toFixed(0)} µs/msg` : ''}${loop.delay ? `, event-loop delay p99 ${ms(loop.delay.p99)} max ${ms(loop.delay.max)}` : ''}`
    )
    return { closed, k1, k5 }
  })

const idleRound = (kind: Server['name'], template: string, round: number, slot: number) =>
  withServer(kind, template, async (server) => {
    // Four loopback source addresses per run, different in every run: ephemeral ports of one
    // address are not reused while the previous run's connections sit in TIME_WAIT.
    const from = [0, 1, 2, 3].map((k) => `127.0.0.${2 + slot * 4 + k}`)
    const snap = SNAPSHOTS && round === 0 ? (when: string) => join(SNAPSHOTS, `${kind}-${when}.heapsnapshot`) : undefined
    const cost = await idleSockets(server, IDLE_SOCKETS, from, snap)
    log(
      `${kind.padEnd(9)} round ${round + 1}: ${count(cost.sockets)} of ${count(IDLE_SOCKETS)} idle sockets open (from ${from[0]}–${from[3]}, in ${(cost.openMs / 1000).toFixed(0)} s${cost.retries ? `, ${cost.retries} reopened` : ''}): ${kib(cost.rssPerSocket)} RSS, ${kib(cost.heapPerSocket)} heap each`
    )
    return cost
  })

const main = async () => {
  console.log(
    `bench:relay${QUICK ? ' (quick)' : ''}: ${ROUNDS} round(s) of relay/reference, ${SECONDS} s per load phase, ${CHATS} chats, ${count(IDLE_SOCKETS)} idle sockets; panel at ${PANEL_LEVELS.join('/')} waiting; archive ${count(ARCHIVE_CHATS * ARCHIVE_PER_CHAT)} messages in ${count(ARCHIVE_CHATS)} chats`
  )
  console.log(
    `relay limits raised (documented env vars): ${Object.entries(RELAY_LIMITS)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')}`
  )
  const work = mkdtempSync(join(tmpdir(), 'parley-bench-template-'))
  const template = await makeTemplate(work)
  const sides: Record<Server['name'], Side> = { relay: { load: [], idle: [] }, reference: { load: [], idle: [] } }
  const kinds: Server['name'][] = ['relay', 'reference']
  for (let r = 0; r < ROUNDS; r++) {
    if (ONLY.has('load')) for (const k of kinds) sides[k].load.push(await loadRound(k, template, r))
    if (ONLY.has('idle')) for (const [i, k] of kinds.entries()) sides[k].idle.push(await idleRound(k, template, r, r * 2 + i))
  }

  // A part that fails is reported in the table, and the figures measured so far still print.
  const failures: string[] = []
  let panel: PanelCost[] = []
  if (ONLY.has('panel'))
    panel = await withServer('relay', template, async (server) => {
      const cookies = (await cookiesOf(server, AGENTS)) as string[]
      return panelScenario(server, cookies, PANEL_LEVELS, PANEL_SAMPLES)
    }).catch((e: Error) => {
      failures.push(`panel: ${e.message}`)
      return []
    })
  if (panel.length) log(`panel: ${panel.map((p) => `${p.waiting} waiting: ${count(p.bytesPerAgent)} B/agent, ${ms(p.msToAllAgents)}`).join('; ')}`)

  let search: Awaited<ReturnType<typeof searchScenario>> | undefined
  let archiveNote = ''
  if (ONLY.has('archive')) {
    const given = process.env.BENCH_ARCHIVE_DB
    const { file, buildMs } = given
      ? { file: given, buildMs: 0 }
      : await archiveDatabase(template, ARCHIVE_CHATS, ARCHIVE_PER_CHAT, (done) => log(`archive: ${count(done)} of ${count(ARCHIVE_CHATS)} chats written`))
    archiveNote = given
      ? `given (BENCH_ARCHIVE_DB; the relay migrates it on start)`
      : buildMs
        ? `built through the Store in ${(buildMs / 1000).toFixed(0)} s`
        : 'cached'
    log(`archive: ${archiveNote} (${file})`)
    search = await withServer('relay', file, async (server) => searchScenario(server, (await cookiesOf(server, 2)) as string[], SEARCHES, SECONDS)).catch(
      (e: Error) => {
        failures.push(`archive search: ${e.message}`)
        return undefined
      }
    )
    if (search) log(`search: ${JSON.stringify(search.hits)}`)
  }
  rmSync(work, { recursive: true, force: true })

  // The table: medians over rounds; each ratio is the median of the rounds' ratios (interleaved pairs).
  const pick = <T>(k: Server['name'], f: (l: Side['load'][number]) => T) => sides[k].load.map(f)
  const med = (k: Server['name'], f: (l: Side['load'][number]) => number) => median(pick(k, f))
  const ratio = (f: (l: Side['load'][number]) => number) => median(sides.relay.load.map((l, i) => f(l) / f(sides.reference.load[i]!)))
  const rows: string[][] = []
  const ok = (b: boolean) => (b ? 'met' : 'NOT met')
  if (sides.relay.load.length && sides.reference.load.length) {
    const rate = ratio((l) => l.closed.rate)
    if (PHASES.has('closed'))
      rows.push([
        `closed loop, ${CHATS} chats: msgs/s (ack after commit)`,
        count(med('relay', (l) => l.closed.rate)),
        count(med('reference', (l) => l.closed.rate)),
        times(rate),
        '≥ 0.5×',
        ok(rate >= 0.5)
      ])
    if (PHASES.has('closed'))
      rows.push([
        'closed loop: p50 / p99',
        `${ms(med('relay', (l) => l.closed.p50))} / ${ms(med('relay', (l) => l.closed.p99))}`,
        `${ms(med('reference', (l) => l.closed.p50))} / ${ms(med('reference', (l) => l.closed.p99))}`,
        times(ratio((l) => l.closed.p99)) + ' (p99)',
        '',
        ''
      ])
    const at = (key: 'k1' | 'k5', k: Server['name']) =>
      `${ms(med(k, (l) => l[key].p50))} / ${ms(med(k, (l) => l[key].p99))} / ${ms(med(k, (l) => l[key].p999))} (${count(med(k, (l) => l[key].deliveredRate))}/s)`
    const p99k1 = ratio((l) => l.k1.p99)
    if (PHASES.has('k1'))
      rows.push([
        '1,000 msg/s offered: p50 / p99 / p99.9 (delivered)',
        at('k1', 'relay'),
        at('k1', 'reference'),
        times(p99k1) + ' (p99)',
        'p99 ≤ 2×',
        ok(p99k1 <= 2)
      ])
    const p99k5 = med('relay', (l) => l.k5.p99)
    const sustained = med('relay', (l) => l.k5.deliveredRate) >= 0.95 * 5000 && med('relay', (l) => l.k5.missing) === 0
    if (PHASES.has('k5'))
      rows.push([
        '5,000 msg/s offered: p50 / p99 / p99.9 (delivered)',
        at('k5', 'relay'),
        at('k5', 'reference'),
        times(ratio((l) => l.k5.p99)) + ' (p99)',
        'sustained, p99 ≤ 25 ms',
        ok(sustained && p99k5 <= 25)
      ])
  }
  if (sides.relay.idle.length && sides.reference.idle.length) {
    const idle = (k: Server['name']) =>
      `${kib(median(sides[k].idle.map((c) => c.rssPerSocket)))} RSS, ${kib(median(sides[k].idle.map((c) => c.heapPerSocket)))} heap`
    const rss = median(sides.relay.idle.map((c) => c.rssPerSocket))
    const heap = median(sides.relay.idle.map((c) => c.heapPerSocket))
    rows.push([
      `idle customer socket (said hello), ${count(IDLE_SOCKETS)} sockets`,
      idle('relay'),
      idle('reference'),
      '',
      '≤ 9 KiB RSS, ≤ 5 KiB heap',
      ok(rss <= 9 * 1024 && heap <= 5 * 1024)
    ])
  }
  for (const p of panel)
    rows.push([
      `one new chat, ${count(p.waiting)} waiting, ${AGENTS} agents: bytes per agent / time to all agents (frames to waiting customers)`,
      `${count(p.bytesPerAgent)} B / ${ms(p.msToAllAgents)} (${count(p.framesToWaiting)})`,
      '–',
      '',
      '≤ 1 KB per agent',
      ok(p.bytesPerAgent <= 1000)
    ])
  if (search) {
    rows.push([
      `archive search, ${count(ARCHIVE_CHATS * ARCHIVE_PER_CHAT)} messages in ${count(ARCHIVE_CHATS)} chats: p50 / p95 / max (${search.searches} searches)`,
      `${ms(search.p50)} / ${ms(search.p95)} / ${ms(search.max)}`,
      '–',
      '',
      'p95 ≤ 50 ms, max ≤ 250 ms',
      ok(search.p95 <= 50 && search.max <= 250)
    ])
    rows.push([
      'delivery p99 at 200 msg/s: quiet / while searching',
      `${ms(search.deliveryP99Quiet)} / ${ms(search.deliveryP99Searching)}`,
      '–',
      times(search.deliveryP99Searching / search.deliveryP99Quiet),
      'unchanged',
      ok(search.deliveryP99Searching <= Math.max(2 * search.deliveryP99Quiet, search.deliveryP99Quiet + 10))
    ])
  }
  console.log('')
  console.log('| measured | relay | reference | relay ÷ reference | goal | |')
  console.log('|---|---|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
  console.log('')
  console.log(`${ROUNDS} round(s), medians; archive ${archiveNote || 'not run'}; ${((performance.now() - T0) / 1000).toFixed(0)} s in all`)
  for (const f of failures) console.log(`FAILED ${f}`)
  process.exit(0)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
