// Several `parley start` processes in cluster mode for tests: one fresh PostgreSQL schema and one
// fresh Redis prefix (on the shared Redis, or on a private redis-server a fault test controls),
// each node on its own free port with its own PARLEY_NODE_ID. Timings are scaled down so the
// fault cases take seconds; `env` overrides them (e.g. production presence timings).
import { freePort, startChildRelay, type ChildRelay } from './child-relay.js'
import { freshSchema, skipWithoutPg, type TestSchema } from './pg.js'
import { REDIS_TEST_URL, freshPrefix, skipWithoutRedis } from './redis.js'

/** The admin's password on every test cluster. */
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
  PARLEY_MAX_SOCKETS_PER_IP: '10000'
})

/** True when cluster tests should be skipped (no PostgreSQL or Redis, and not CI). */
export const skipWithoutCluster = async (what: string): Promise<boolean> => (await skipWithoutPg(what)) || (await skipWithoutRedis(what))

/** A running test cluster. */
export interface TestCluster {
  schema: TestSchema
  prefix: string
  /** the environment every node gets */
  env: Record<string, string>
  /** node i (undefined after `kill(i)` until `start(i)`) */
  nodes: (ChildRelay | undefined)[]
  /** node i, which must be running */
  node(i: number): ChildRelay
  /** starts node i again on its port (after a kill) */
  start(i: number): Promise<ChildRelay>
  /** SIGKILLs node i; resolves once it is gone */
  kill(i: number): Promise<void>
  /** logs in on node i and returns the cookie header */
  login(i: number, email?: string, password?: string): Promise<string>
  /** kills every node and drops the schema */
  stop(): Promise<void>
}

/** Starts `n` nodes (the first alone, so it creates the admin; the others together). */
export const startCluster = async (n: number, o: { env?: Record<string, string>; redisUrl?: string } = {}): Promise<TestCluster> => {
  const schema = await freshSchema()
  const prefix = freshPrefix()
  const ports = await Promise.all(Array.from({ length: n }, () => freePort()))
  const env: Record<string, string> = {
    ...CLUSTER_TEST_ENV,
    PARLEY_DATABASE_URL: schema.url,
    PARLEY_REDIS_URL: o.redisUrl ?? REDIS_TEST_URL,
    PARLEY_REDIS_PREFIX: prefix,
    ...o.env
  }
  const nodes: (ChildRelay | undefined)[] = Array.from({ length: n })
  const start = async (i: number) => (nodes[i] = await startChildRelay(ports[i]!, { ...env, PARLEY_NODE_ID: `node${i}` }))
  const kill = async (i: number) => {
    const c = nodes[i]
    nodes[i] = undefined
    if (!c || c.proc.exitCode !== null || c.proc.signalCode !== null) return
    c.proc.kill('SIGKILL')
    await c.exited
  }
  const stop = async () => {
    await Promise.all(nodes.map((_, i) => kill(i)))
    await schema.drop()
  }
  try {
    await start(0)
    await Promise.all(nodes.map((_, i) => (i ? start(i) : undefined)))
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
    env,
    nodes,
    node,
    start,
    kill,
    async login(i, email = 'admin@example.com', password = CLUSTER_PASSWORD) {
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
    stop
  }
}
