// Redis for tests: the shared server with a fresh key/channel prefix, or a private redis-server
// on a free port that a fault test may kill and restart (never the shared one).
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { freePort } from './child-relay.js'

/** The shared server (PARLEY_TEST_REDIS_URL, default the local one). */
export const REDIS_TEST_URL = process.env.PARLEY_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A prefix no other run uses. */
export const freshPrefix = () => `parley-t-${randomBytes(5).toString('hex')}:`

/** Whether a Redis server at `url` answers a PING now (one attempt, no retries). */
const answers = async (url: string): Promise<boolean> => {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
  r.on('error', () => {})
  try {
    await r.connect()
    await r.ping()
    return true
  } catch {
    return false
  } finally {
    r.disconnect()
  }
}

/** True when Redis tests should be skipped: no server and not CI (which must run them). Prints why. */
export const skipWithoutRedis = async (what: string): Promise<boolean> => {
  if (await answers(REDIS_TEST_URL)) return false
  if (process.env.CI === 'true') throw new Error(`${what}: Redis at ${REDIS_TEST_URL} is not reachable, and CI must run these tests`)
  console.warn(`${what}: skipped, Redis at ${REDIS_TEST_URL} is not reachable (set PARLEY_TEST_REDIS_URL)`)
  return true
}

/** A redis-server of the test's own. */
export interface PrivateRedis {
  url: string
  port: number
  /** SIGKILL; resolves once it is gone */
  kill(): Promise<void>
  /** starts it again, empty, on the same port */
  start(): Promise<void>
}

/** Starts `redis-server --port <free> --save '' --appendonly no`. */
export const startPrivateRedis = async (): Promise<PrivateRedis> => {
  const port = await freePort()
  let proc: ChildProcess | undefined
  const start = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    for (let i = 0; i < 100; i++) {
      if (await answers(`redis://127.0.0.1:${port}`)) return
      await new Promise((res) => setTimeout(res, 50))
    }
    throw new Error('private redis-server did not start')
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async kill() {
      const p = proc
      if (!p || p.exitCode !== null || p.signalCode !== null) return
      const gone = new Promise((res) => p.once('exit', res))
      p.kill('SIGKILL')
      await gone
    },
    start
  }
}
