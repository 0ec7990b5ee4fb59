// Prometheus metrics (prom-client), served by routes/metrics-routes.ts. Hooks wrap what already
// exists — the store (commit and search latency, messages stored, webhook attempts recorded as
// failed), the bus (delivery latency), the WebSocket server (open sockets) — so the hot paths
// carry no metrics code and an engine swapped behind Store or Bus is measured the same way.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { WebSocketServer } from 'ws'
import type { Bus } from './bus/bus.js'
import type { Store } from './store/store.js'

/** Store methods that write (their time is the commit latency). */
const WRITES = new Set([
  'createAgent',
  'createFirstAgent',
  'recordLoginFailure',
  'clearLoginFailures',
  'pruneLoginFailures',
  'claimDueWebhooks',
  'updateAgent',
  'removeAgent',
  'createSession',
  'deleteSession',
  'revokeSessions',
  'createVisitor',
  'createChat',
  'assignChat',
  'endChat',
  'transferChat',
  'requeueChat',
  'updateChat',
  'addPage',
  'updateVisitor',
  'saveTextModule',
  'removeTextModule',
  'createTicket',
  'setTicketStatus',
  'setWebhookResult',
  'saveSiteSettings',
  'appendMessage'
])

/** Latency buckets, seconds: 0.5 ms … 10 s. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

/** One relay's metrics: its own registry, so several relays in one process (tests) stay apart. */
export const createMetrics = () => {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'parley_', eventLoopMonitoringPrecision: 10 })
  const sockets = new Gauge({ name: 'parley_open_sockets', help: 'Open WebSockets by kind', labelNames: ['kind'] as const, registers: [registry] })
  sockets.set({ kind: 'customer' }, 0)
  sockets.set({ kind: 'agent' }, 0)
  const stored = new Counter({
    name: 'parley_messages_stored_total',
    help: 'Messages stored (customer, agent and system) since the relay started',
    registers: [registry]
  })
  const delivery = new Histogram({
    name: 'parley_delivery_latency_seconds',
    help: 'From a message being accepted (its timestamp) to its hand-over to a recipient socket',
    buckets: BUCKETS,
    registers: [registry]
  })
  const commit = new Histogram({
    name: 'parley_store_commit_seconds',
    help: 'Time until a store write is committed, by operation',
    labelNames: ['op'] as const,
    buckets: BUCKETS,
    registers: [registry]
  })
  const search = new Histogram({ name: 'parley_search_seconds', help: 'Archive search latency', buckets: BUCKETS, registers: [registry] })
  const webhooks = new Counter({
    name: 'parley_webhook_failures_total',
    help: 'Webhook delivery attempts that failed (each retry counts)',
    registers: [registry]
  })
  const reports = new Histogram({
    name: 'parley_report_seconds',
    help: 'Time to compute a report (in the reports worker)',
    buckets: BUCKETS,
    registers: [registry]
  })

  const timed = <T>(p: Promise<T>, done: () => void): Promise<T> => p.finally(done)

  return {
    registry,
    /** Counts chats by status at scrape time with `count` (call once). */
    countChats(count: () => Promise<{ waiting: number; active: number }>) {
      new Gauge({
        name: 'parley_chats',
        help: 'Chats waiting for an agent and in progress',
        labelNames: ['status'] as const,
        registers: [registry],
        async collect() {
          const n = await count()
          this.set({ status: 'waiting' }, n.waiting)
          this.set({ status: 'active' }, n.active)
        }
      })
    },
    /** Wraps a store: write and search latency, messages stored. */
    store(store: Store): Store {
      return new Proxy(store, {
        get(target, key, receiver) {
          const v = Reflect.get(target, key, receiver) as unknown
          if (typeof v !== 'function' || typeof key !== 'string') return v
          if (key === 'searchChats' || key === 'searchArchive')
            return (...args: unknown[]) => {
              const end = search.startTimer()
              return timed((v as (...a: unknown[]) => Promise<unknown>).apply(target, args), end)
            }
          if (!WRITES.has(key)) return v
          return (...args: unknown[]) => {
            const end = commit.startTimer({ op: key })
            const p = (v as (...a: unknown[]) => Promise<unknown>).apply(target, args)
            if (key === 'appendMessage')
              void p.then(
                (r) => !(r as { duplicate: boolean }).duplicate && stored.inc(),
                () => {}
              )
            if (key === 'createChat')
              void p.then(
                // `existing`: a resent start found its chat, nothing was stored
                (r) => !(r as { existing?: true }).existing && stored.inc(),
                () => {}
              )
            // A failed attempt is recorded as pending (a retry is due) or failed (gave up); attempts 0 is a reset.
            const result = args[1] as { status?: string; attempts?: number } | undefined
            if (key === 'setWebhookResult' && result?.status !== 'delivered' && (result?.attempts ?? 0) > 0) webhooks.inc()
            return timed(p, end)
          }
        }
      })
    },
    /** Wraps a bus: the delivery latency of every message handed to a subscriber (a socket). */
    bus(bus: Bus): Bus {
      // Everything else (readiness, resync, health) is the wrapped bus's own.
      return {
        ...bus,
        publish: (topic, e, options) => bus.publish(topic, e, options),
        subscribe: (topic, handler) =>
          bus.subscribe(topic, (e) => {
            if (e.kind === 'message') delivery.observe(Math.max(0, Date.now() - e.message.at) / 1000)
            handler(e)
          }),
        close: () => bus.close()
      }
    },
    /** Counts the open sockets of a WebSocket server by path (/ws/agent or /ws/customer). */
    sockets(wss: WebSocketServer) {
      wss.on('connection', (ws, req) => {
        const kind = req.url?.startsWith('/ws/agent') ? 'agent' : 'customer'
        sockets.inc({ kind })
        ws.once('close', () => sockets.dec({ kind }))
      })
    },
    /** A report took `ms`. */
    reportTook: (ms: number) => reports.observe(ms / 1000)
  }
}

/** The metrics of one relay. */
export type Metrics = ReturnType<typeof createMetrics>
