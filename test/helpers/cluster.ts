// Several `parley start` processes in cluster mode for tests and benches: one fresh PostgreSQL
// schema and one fresh Redis prefix (on the shared Redis, or on a private redis-server a fault test
// controls), each node on its own free port with its own PARLEY_NODE_ID, and, when asked, a private
// nginx in front of them with the README's configuration (test/helpers/nginx.ts). Timings are
// scaled down so the fault cases take seconds; `env` overrides them (e.g. production presence
// timings). `stop()` ends every process it started and removes the schema and the prefix's keys.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { freePort, runCli, startChildRelay, type ChildRelay } from './child-relay.js'
import { startNginx, type Nginx } from './nginx.js'
import { freshSchema, skipWithoutPg, type TestSchema } from './pg.js'
import { freshPrefix, REDIS_TEST_URL, skipWithoutRedis } from './redis.js'

/** The first admin of every test cluster (PARLEY_ADMIN_EMAIL's default) and its password. */
export const CLUSTER_ADMIN = 'admin@example.com'
export const CLUSTER_PASSWORD = 'cluster test password'

/** Scaled timings and generous limits for tests (one test drives many sockets from one IP). */
export const CLUSTER_TEST_ENV: Readonly<Record<string, string>> = Object.freeze({
  PARLEY_ADMIN_PASSWORD: CLUSTER_PASSWORD,
  PARLEY_PRESENCE_REFRESH_MS: '250',
  PARLEY_PRESENCE_TTL_MS: '1000',
  PARLEY_AGENT_GRACE_MS: '300',
  PARLEY_CHAT_GRACE_MS: '2000',
  PARLEY_HEARTBEAT_MS: '1000',
  PARLEY_MAX_FRAMES_PER_SECOND: '10000',
  PARLEY_MAX_FRAMES_PER_SECOND_PER_IP: '100000',
  PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP: '10000',
  PARLEY_MAX_LOGINS_PER_MINUTE_PER_IP: '1000',
  PARLEY_MAX_SOCKETS_PER_IP: '10000',
  // nginx on loopback is the only proxy: the nodes believe its X-Forwarded-For, as the README says.
  PARLEY_TRUSTED_PROXIES: '127.0.0.1'
})

/** True when cluster tests should be skipped (no PostgreSQL or Redis, and not CI). */
export const skipWithoutCluster = async (what: string): Promise<boolean> => (await skipWithoutPg(what)) || (await skipWithoutRedis(what))

/** A running test cluster. */
export interface TestCluster {
  schema: TestSchema
  prefix: string
  redisUrl: string
  /** the environment every node gets (each adds its PARLEY_NODE_ID) */
  env: Record<string, string>
  /** node i (undefined after `kill(i)` until `start(i)`) */
  nodes: (ChildRelay | undefined)[]
  /** `127.0.0.1:<port>` of each node, as nginx names it in X-Parley-Node */
  addresses: string[]
  /** nginx in front of every node (when started with `nginx: true`) */
  nginx: Nginx | undefined
  /** node i, which must be running */
  node(i: number): ChildRelay
  /** starts node i again on its port (after a kill) */
  start(i: number): Promise<ChildRelay>
  /** Signals node i (SIGKILL unless told; SIGTERM is a graceful stop); resolves with how it ended once it is gone. */
  kill(i: number, signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string } | undefined>
  /** Index of the node that served a response, from nginx's X-Parley-Node header (the last one tried). */
  nodeOf(header: string | string[] | null | undefined): number
  /** logs in on node i and returns the cookie header */
  login(i: number, email?: string, password?: string): Promise<string>
  /** runs `parley <args>` against the cluster's database and Redis (the CLI an operator uses) */
  cli(args: string[]): Promise<{ code: number | null; out: string }>
  /** kills every node and nginx, drops the schema and deletes the prefix's keys */
  stop(): Promise<void>
}

/** Deletes every key under `prefix` (SCAN, not KEYS: the shared server serves other runs too). */
export const dropPrefix = async (redisUrl: string, prefix: string): Promise<void> => {
  const r = new Redis(redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true, retryStrategy: () => null })
  r.on('error', () => {})
  try {
    await r.connect()
    let cursor = '0'
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
      cursor = next
      if (keys.length) await r.del(...keys)
    } while (cursor !== '0')
  } catch {
    // a private server already gone has nothing left to delete
  } finally {
    r.disconnect()
  }
}

/** Starts `n` nodes (the first alone, so it creates the admin; the others together), then nginx in front of them when asked. */
export const startCluster = async (n: number, o: { env?: Record<string, string>; redisUrl?: string; nginx?: boolean } = {}): Promise<TestCluster> => {
  const schema = await freshSchema()
  const prefix = freshPrefix()
  const redisUrl = o.redisUrl ?? REDIS_TEST_URL
  // Uploads and reports live in PostgreSQL; a data folder of its own keeps anything else out of the checkout.
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-cluster-'))
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()))
  const addresses = ports.map((p) => `127.0.0.1:${p}`)
  const env: Record<string, string> = {
    ...CLUSTER_TEST_ENV,
    PARLEY_DATA_DIR: dataDir,
    PARLEY_DATABASE_URL: schema.url,
    PARLEY_REDIS_URL: redisUrl,
    PARLEY_REDIS_PREFIX: prefix,
    ...o.env
  }
  const nodes: (ChildRelay | undefined)[] = Array.from({ length: n })
  let nginx: Nginx | undefined
  const start = async (i: number) => (nodes[i] = await startChildRelay(ports[i]!, { ...env, PARLEY_NODE_ID: `node${i}` }))
  const kill = async (i: number, signal: NodeJS.Signals = 'SIGKILL') => {
    const c = nodes[i]
    nodes[i] = undefined
    if (!c) return undefined
    if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill(signal)
    return { ...(await c.exited), output: c.output() }
  }
  const stop = async () => {
    await Promise.all(nodes.map((_, i) => kill(i)))
    await nginx?.stop()
    await schema.drop().catch(() => {})
    await dropPrefix(redisUrl, prefix)
    rmSync(dataDir, { recursive: true, force: true })
  }
  try {
    await start(0)
    await Promise.all(nodes.map((_, i) => (i ? start(i) : undefined)))
    if (o.nginx) nginx = await startNginx(await freePort(), addresses)
  } catch (err) {
    await stop()
    throw err
  }
  const node = (i: number) => {
    const c = nodes[i]
    if (!c) throw new Error(`node ${i} is not running`)
    return c
  }
  return {
    schema,
    prefix,
    redisUrl,
    env,
    nodes,
    addresses,
    nginx,
    node,
    start,
    kill,
    nodeOf(header) {
      const value = Array.isArray(header) ? header.join(', ') : (header ?? '')
      const last = value.split(',').pop()!.trim()
      const i = addresses.indexOf(last)
      if (i < 0) throw new Error(`X-Parley-Node "${value}" names no node of this cluster (${addresses.join(', ')})`)
      return i
    },
    async login(i, email = CLUSTER_ADMIN, password = CLUSTER_PASSWORD) {
      const res = await fetch(node(i).url + '/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password })
      })
      if (res.status !== 200) throw new Error(`login on node ${i}: ${res.status} ${await res.text()}`)
      return res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ')
    },
    cli: (args) => runCli(args, env),
    stop
  }
}
