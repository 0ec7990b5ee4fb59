// `GET /healthz`: what a load balancer asks before sending a node traffic. The store is probed
// with a cheap read (bounded by a timeout); the bus reports its own state. A node that cannot reach
// its store or (cluster mode) its bus answers 503, so a balancer prefers nodes that can: a node cut
// off from Redis still serves the sockets it has (its own customers and agents talk; the store
// repairs the rest), but its events reach other nodes late, so new clients are better off elsewhere.
import type { FastifyInstance } from 'fastify'
import type { Bus } from '../bus/bus.js'
import type { Store } from '../store/store.js'

/** How long the store probe may take before the store counts as down (ms). */
export const STORE_PROBE_MS = 1000

/** What /healthz answers. */
export interface Health {
  status: 'ok' | 'degraded' | 'down'
  store: 'ok' | 'down'
  /** none: a single node's in-process bus */
  bus: 'none' | 'ok' | 'down'
}

const probe = async (store: Store): Promise<'ok' | 'down'> => {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'down'>((ok) => (timer = setTimeout(() => ok('down'), STORE_PROBE_MS)))
  try {
    return await Promise.race([store.countAgents().then(() => 'ok' as const), late])
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

/** The health of a node's store and bus. */
export const checkHealth = async (store: Store, bus: Bus): Promise<Health> => {
  const s = await probe(store)
  const b = bus.health?.().remote ?? 'none'
  return { status: s === 'down' ? 'down' : b === 'down' ? 'degraded' : 'ok', store: s, bus: b }
}

/** Registers `GET /healthz`. */
export const healthRoutes = (app: FastifyInstance) => {
  app.get('/healthz', async (_req, reply) => {
    const h = await checkHealth(app.parley.store, app.parley.bus)
    return reply.code(h.status === 'ok' ? 200 : 503).send(h)
  })
}
