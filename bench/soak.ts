// Soak: many customers and agents chat through a real relay process on 127.0.0.1 for a set time,
// their connections dropped at random, and every message is accounted for at the end.
//
//   npm run bench:soak                      30 s, 60 customers, 6 agents
//   SOAK_SECONDS=120 SOAK_CUSTOMERS=100 SOAK_AGENTS=8 npm run bench:soak
//   npm run bench:soak -- --cluster         the same through nginx in front of SOAK_NODES (2) relay
//                                           nodes on PostgreSQL and Redis (test/helpers/cluster.ts:
//                                           a fresh schema and key prefix), one of them SIGKILLed
//                                           every ~SOAK_KILL_EVERY_MS (10 s) and started again after
//                                           SOAK_DOWN_MS (2 s); clients reconnect through nginx
//
// Prints messages sent, delivered (seen by the other side), lost (must be 0), duplicated (must be 0),
// p50/p99 delivery latency (from the first attempt to the other side's first sight, reconnects
// included) and the relay's peak memory. Exits 1 when anything was lost or duplicated.
// Bounded: at most 600 s, 500 customers, 50 agents; the relay listens on loopback only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openPgStore } from '../relay/store/pg-store.js'
import { openSqliteStore } from '../relay/store/sqlite-store.js'
import type { Store } from '../relay/store/store.js'
import { freePort, runCli, startChildRelay } from '../test/helpers/child-relay.js'
import { startCluster } from '../test/helpers/cluster.js'
import { ResilientAgent, ResilientCustomer } from '../test/helpers/resilient-clients.js'

const bounded = (name: string, fallback: number, max: number): number => {
  const v = Number(process.env[name] ?? fallback)
  if (!Number.isFinite(v) || v <= 0) throw new Error(`${name} must be a positive number`)
  return Math.min(v, max)
}
const SECONDS = bounded('SOAK_SECONDS', 30, 600)
const CUSTOMERS = Math.round(bounded('SOAK_CUSTOMERS', 60, 500))
const AGENTS = Math.round(bounded('SOAK_AGENTS', 6, 50))
/** each client writes a message every this many ms on average */
const MESSAGE_EVERY_MS = bounded('SOAK_MESSAGE_EVERY_MS', 1500, 60_000)
/** each client's connection is dropped this often on average */
const DROP_EVERY_MS = bounded('SOAK_DROP_EVERY_MS', 8000, 600_000)
const PASSWORD = 'soak password 123'
const CLUSTER = process.argv.includes('--cluster')
const NODES = Math.round(bounded('SOAK_NODES', 2, 3))
/** in cluster mode, a node is killed this often on average */
const KILL_EVERY_MS = bounded('SOAK_KILL_EVERY_MS', 10_000, 600_000)
/** and started again after this long */
const DOWN_MS = bounded('SOAK_DOWN_MS', 2000, 60_000)

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}
/** Resident memory of a process from /proc (Linux): current and peak (VmHWM), bytes. */
const memoryOf = (pid: number): { rss: number; peak: number } => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024
    return { rss: kb('VmRSS'), peak: kb('VmHWM') }
  } catch {
    return { rss: NaN, peak: NaN }
  }
}
const mb = (n: number) => (n / 1024 / 1024).toFixed(1) + ' MB'

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-soak-'))
  const env: Record<string, string> = {
    PARLEY_DATA_DIR: dataDir,
    PARLEY_LOG_LEVEL: 'warn',
    // Every client comes from 127.0.0.1: the per-IP limits are for the internet, not this bench.
    PARLEY_MAX_SOCKETS_PER_IP: '100000',
    // An agent with 20 chats writes for all of them at once.
    PARLEY_MAX_FRAMES_PER_SECOND: '200',
    PARLEY_MAX_FRAMES_PER_SECOND_PER_IP: '1000000',
    PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP: '100000',
    PARLEY_MAX_LOGINS_PER_MINUTE_PER_IP: '100000',
    PARLEY_MAX_QUEUE_LENGTH: '100000'
  }
  console.log(
    `soak: ${CUSTOMERS} customers, ${AGENTS} agents, ${SECONDS} s, a message every ~${MESSAGE_EVERY_MS} ms and a dropped connection every ~${DROP_EVERY_MS} ms per client` +
      (CLUSTER ? `; ${NODES} nodes behind nginx, one SIGKILLed every ~${KILL_EVERY_MS} ms and back after ${DOWN_MS} ms` : '')
  )
  const target = CLUSTER ? await clusterTarget(env) : await singleTarget(env)
  for (let i = 0; i < AGENTS; i++) {
    const added = await target.cli(['agent', 'add', '--name', `Agent ${i}`, '--email', `agent${i}@soak.test`, '--password', PASSWORD])
    if (added.code !== 0) throw new Error(`agent add failed: ${added.out}`)
  }
  await target.start()
  const relay = { url: target.url, wsUrl: target.wsUrl }
  let peakSampled = 0
  const sampler = setInterval(() => {
    // A node killed since pids() was read has no /proc entry (NaN): skipped.
    for (const pid of target.pids()) peakSampled = Math.max(peakSampled, memoryOf(pid).rss || 0)
  }, 200)

  // Delivery latency: from a message's first attempt to the other side's first sight of it.
  const sentAt = new Map<string, number>()
  const latencies: number[] = []
  const seenBy = new Set<string>()
  const onMessage = (side: 'customer' | 'agent') => (m: { id: string; from: string }, at: number) => {
    if (m.from === side || m.from === 'system') return
    const key = `${side}:${m.id}`
    if (seenBy.has(key)) return
    seenBy.add(key)
    const t = sentAt.get(m.id)
    if (t !== undefined) latencies.push(at - t)
  }

  const agents: ResilientAgent[] = []
  for (let i = 0; i < AGENTS; i++) {
    const res = await fetch(relay.url + '/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `agent${i}@soak.test`, password: PASSWORD })
    })
    if (res.status !== 200) throw new Error(`login of agent${i} failed: ${res.status}`)
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    // Room for every customer: chats are spread over the agents who answer first.
    await fetch(relay.url + '/api/me/settings', {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ greetings: [], maxChats: 20, displayName: `Agent ${i}`, sound: false, notifications: false })
    })
    const a = new ResilientAgent({ wsUrl: relay.wsUrl, cookie, onMessage: onMessage('agent') })
    agents.push(a)
    a.start()
  }
  for (const a of agents) await a.until(() => a.ready && a.on, 10_000, 'agent on')
  const capacity = AGENTS * 20
  if (CUSTOMERS > capacity) console.log(`note: ${CUSTOMERS - capacity} customers will wait in the queue (capacity ${capacity})`)

  const customers: ResilientCustomer[] = []
  for (let i = 0; i < CUSTOMERS; i++) {
    const c = new ResilientCustomer({ wsUrl: relay.wsUrl, onMessage: onMessage('customer') })
    customers.push(c)
    c.start()
  }
  for (const c of customers) await c.until(() => c.ready && c.available, 10_000, 'available')

  let written = 0
  const write = (s: { id: string; sentAt: number }) => {
    sentAt.set(s.id, s.sentAt)
    written++
  }
  const start = performance.now()
  const end = start + SECONDS * 1000
  const tick = 100
  let drops = 0
  const chaos = target.chaos?.()
  while (performance.now() < end) {
    for (const c of customers) {
      if (Math.random() < tick / MESSAGE_EVERY_MS) write(c.say(`customer says ${written}`))
      if (Math.random() < tick / DROP_EVERY_MS) {
        c.drop()
        drops++
      }
    }
    for (const a of agents) {
      const mine = [...a.chats.keys()]
      // An agent writes about as often as each of their customers.
      for (const chatId of mine) if (Math.random() < tick / MESSAGE_EVERY_MS) write(a.say(chatId, `agent says ${written}`))
      if (Math.random() < tick / DROP_EVERY_MS) {
        a.drop()
        drops++
      }
    }
    await sleep(tick)
  }
  const elapsed = (performance.now() - start) / 1000
  const kills = (await chaos?.stop()) ?? 0

  // Let every outbox drain, then have everyone catch up.
  for (const p of [...customers, ...agents]) await p.settled(60_000)
  for (const c of customers) c.sync()
  for (const a of agents) a.syncAll()
  const store = await target.store()
  let stored = 0
  let delivered = 0
  let lost = 0
  let duplicated = 0
  const problems: string[] = []
  const transcriptOf = (chatId: string) => agents.map((a) => a.chats.get(chatId)).find((t) => t !== undefined)
  for (const c of customers) {
    if (!c.chatId) continue
    const messages = await store.messagesAfter(c.chatId, 0, 1_000_000)
    const last = messages.length
    await c.until(() => c.transcript.contiguous >= last, 30_000, 'customer caught up').catch((e: Error) => problems.push(e.message))
    const agentSide = transcriptOf(c.chatId)
    const owner = agents.find((a) => a.chats.get(c.chatId!) === agentSide)
    if (owner) await owner.until(() => agentSide!.contiguous >= last, 30_000, 'agent caught up').catch((e: Error) => problems.push(e.message))
    const ids = new Map<string, number>()
    for (const m of messages) ids.set(m.id, (ids.get(m.id) ?? 0) + 1)
    duplicated += [...ids.values()].filter((n) => n > 1).length
    duplicated += c.transcript.violations.length + (agentSide?.violations.length ?? 0)
    for (const m of messages) {
      if (m.from === 'system') continue
      stored++
      const other = m.from === 'customer' ? agentSide : c.transcript
      if (other?.bySeq.get(m.seq)?.id === m.id) delivered++
      else lost++
    }
  }
  // Everything written is stored: nothing disappeared between a client and the database.
  const storedIds = new Set<string>()
  for (const c of customers) if (c.chatId) for (const m of await store.messagesAfter(c.chatId, 0, 1_000_000)) storedIds.add(m.id)
  // A message the relay refused with a final answer (the chat ended, say) was never accepted, so it is not lost.
  const refused = new Set([...customers, ...agents].flatMap((p) => [...p.refused.keys()]))
  const neverStored = [...sentAt.keys()].filter((id) => !storedIds.has(id) && !refused.has(id)).length
  lost += neverStored
  await store.close()
  clearInterval(sampler)
  const peak = Math.max(...target.pids().map((pid) => memoryOf(pid).peak || 0))
  for (const p of [...customers, ...agents]) p.stop()
  await target.stop()
  rmSync(dataDir, { recursive: true, force: true })

  const reconnects = [...customers, ...agents].reduce((n, p) => n + p.connects - 1, 0)
  const closesOf = (ps: { closeCodes: Map<number, number> }[]) => {
    const m = new Map<number, number>()
    for (const p of ps) for (const [code, n] of p.closeCodes) m.set(code, (m.get(code) ?? 0) + n)
    return [...m]
      .sort((a, b) => a[0] - b[0])
      .map(([c, n]) => `${c}×${n}`)
      .join(' ')
  }
  const rows: [string, string][] = [
    ['duration', `${elapsed.toFixed(1)} s`],
    ['customers / agents', `${CUSTOMERS} / ${AGENTS}`],
    ...(CLUSTER ? ([['nodes / SIGKILLs', `${NODES} / ${kills}`]] as [string, string][]) : []),
    ['connections dropped / reconnects', `${drops} / ${reconnects}`],
    ['socket closes by code, customers', closesOf(customers)],
    ['socket closes by code, agents', closesOf(agents)],
    ['messages sent', String(written)],
    ['messages stored', String(stored)],
    ['refused by the relay (final answer)', String(refused.size)],
    ['delivered to the other side', String(delivered)],
    ['lost', String(lost)],
    ['duplicated', String(duplicated)],
    ['delivery latency p50', `${percentile(latencies, 50).toFixed(1)} ms`],
    ['delivery latency p99', `${percentile(latencies, 99).toFixed(1)} ms`],
    [CLUSTER ? 'relay peak memory (RSS, the largest node)' : 'relay peak memory (RSS)', `${mb(Math.max(peak, peakSampled))}`]
  ]
  const width = Math.max(...rows.map((r) => r[0].length))
  console.log('')
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`)
  for (const p of problems) console.log('problem: ' + p)
  if (lost || duplicated || problems.length) process.exit(1)
  process.exit(0)
}

/** What the soak runs against: one relay, or nodes behind nginx (whose nodes it kills). */
interface Target {
  url: string
  wsUrl: string
  /** pids of the relay processes now running */
  pids(): number[]
  /** the CLI (`parley agent add`…) against the target's database */
  cli(args: string[]): Promise<{ code: number | null; out: string }>
  /** resolves once clients can connect (the single relay starts after its agents were added) */
  start(): Promise<void>
  /** the database, opened for the final accounting */
  store(): Promise<Store>
  /** starts killing nodes; `stop()` waits for every node to be back and resolves with the kills */
  chaos?(): { stop(): Promise<number> }
  stop(): Promise<void>
}

const singleTarget = async (env: Record<string, string>): Promise<Target> => {
  let relay: Awaited<ReturnType<typeof startChildRelay>> | undefined
  const port = await freePort()
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    pids: () => (relay?.proc.pid ? [relay.proc.pid] : []),
    cli: (args) => runCli(args, env),
    async start() {
      relay = await startChildRelay(port, env)
    },
    store: async () => openSqliteStore(join(env.PARLEY_DATA_DIR!, 'parley.db')),
    async stop() {
      if (!relay) return
      relay.proc.kill('SIGTERM')
      await relay.exited
    }
  }
}

const clusterTarget = async (env: Record<string, string>): Promise<Target> => {
  const { PARLEY_DATA_DIR: _, ...limits } = env
  // Production timings (the test cluster scales them down): the soak is what a site would see.
  const production = {
    PARLEY_PRESENCE_REFRESH_MS: '2000',
    PARLEY_PRESENCE_TTL_MS: '6000',
    PARLEY_AGENT_GRACE_MS: '3000',
    PARLEY_CHAT_GRACE_MS: '60000',
    PARLEY_HEARTBEAT_MS: '4000'
  }
  const cluster = await startCluster(NODES, { nginx: true, env: { ...production, ...limits } })
  const nginx = cluster.nginx!
  return {
    url: nginx.url,
    wsUrl: nginx.wsUrl,
    pids: () => cluster.nodes.flatMap((n) => (n?.proc.pid && n.proc.exitCode === null && n.proc.signalCode === null ? [n.proc.pid] : [])),
    cli: (args) => cluster.cli(args),
    start: async () => {},
    store: () => openPgStore({ url: cluster.schema.url }),
    chaos() {
      let kills = 0
      let running = true
      // Sleeps in steps, so the end of the soak does not wait for the next kill.
      const nap = async (ms: number) => {
        for (const until = performance.now() + ms; running && performance.now() < until; ) await sleep(100)
      }
      const loop = (async () => {
        while (running) {
          await nap(KILL_EVERY_MS * (0.5 + Math.random()))
          if (!running) break
          // One node down at a time: the others carry everyone meanwhile.
          const i = Math.floor(Math.random() * cluster.nodes.length)
          await cluster.kill(i)
          kills++
          await sleep(DOWN_MS)
          await cluster.start(i)
        }
      })()
      return {
        async stop() {
          running = false
          await loop
          return kills
        }
      }
    },
    stop: () => cluster.stop()
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
