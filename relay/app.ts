// `buildRelay(config)`: the Fastify app with every route, ready to `listen` or `inject`.
import fastifyCookie from '@fastify/cookie'
import fastifyWebsocket from '@fastify/websocket'
import Fastify, { LogController, type FastifyInstance } from 'fastify'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { CLOSE } from '../protocol/index.js'
import { createAuth, type Auth } from './auth.js'
import type { Bus } from './bus/bus.js'
import { createMemoryBus } from './bus/memory-bus.js'
import { watchAgents } from './agent-watch.js'
import { openCluster, type Cluster } from './cluster.js'
import type { RelayConfig } from './config.js'
import { INTERNAL, toWireError } from './errors.js'
import { createHub, type Hub } from './hub/hub.js'
import { httpTimeouts } from './http-timeouts.js'
import { createTickets, type Tickets } from './hub/tickets.js'
import { adminRoutes } from './routes/admin-routes.js'
import { agentSocket } from './routes/agent-socket.js'
import { chatRoutes } from './routes/chat-routes.js'
import { settingsRoutes } from './routes/settings-routes.js'
import { textModuleRoutes } from './routes/text-module-routes.js'
import { ticketRoutes } from './routes/ticket-routes.js'
import { checkIdentity } from './security/identity.js'
import { createHeartbeat } from './routes/heartbeat.js'
import { authRoutes } from './routes/auth-routes.js'
import { customerSocket } from './routes/customer-socket.js'
import { staticRoutes } from './routes/static-routes.js'
import { createLimits, type Limits } from './limits/limits.js'
import { openSharedLimits } from './limits/shared-client.js'
import { createMetrics, type Metrics } from './metrics.js'
import { metricsRoutes } from './routes/metrics-routes.js'
import { reportRoutes } from './routes/report-routes.js'
import { credentialRoutes } from './routes/credential-routes.js'
import { healthRoutes } from './routes/health-routes.js'
import { closeAll, socketErrorHandler, trackUpgrades } from './routes/socket-kit.js'
import { uploadRoutes } from './routes/upload-routes.js'
import { offlineRoutes } from './routes/offline-routes.js'
import { transcriptRoutes } from './routes/transcript-routes.js'
import { registerSecurity } from './security/index.js'
import { startRetention } from './security/retention.js'
import { openStore } from './store/open-store.js'
import { openSqliteStore } from './store/sqlite-store.js'
import type { Store } from './store/store.js'

/** What the relay's routes share, decorated on the app as `app.parley`. */
export interface Parley {
  config: Readonly<RelayConfig>
  store: Store
  bus: Bus
  hub: Hub
  auth: Auth
  /** per-socket and per-IP limits (limits/limits.ts) */
  limits: Limits
  tickets: Tickets
  /** Prometheus metrics (metrics.ts) */
  metrics: Metrics
  /** cluster mode (PARLEY_REDIS_URL): node id, leader, presence; null on a single node */
  cluster: Cluster | null
}

declare module 'fastify' {
  interface FastifyInstance {
    parley: Parley
  }
}

/** Options for tests and embedding: a store, bus or logger other than the defaults. */
export interface BuildOptions {
  store?: Store
  bus?: Bus
  /** pino options or false; default: JSON logs at `config.logLevel` */
  logger?: boolean | object
  /** the hub's clock, ms since epoch (tests move business hours' boundaries near); default Date.now */
  now?: () => number
}

/** Builds the relay: opens the store (`<dataDir>/parley.db` unless given), wires hub and routes. */
export const buildRelay = async (config: Readonly<RelayConfig>, options: BuildOptions = {}): Promise<FastifyInstance> => {
  const app = Fastify({
    logger: options.logger ?? {
      level: config.logLevel,
      // Cookies and visitor tokens are credentials: never log them.
      redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-parley-token"]', 'res.headers["set-cookie"]']
    },
    // X-Forwarded-For is believed only from the configured proxies (none by default).
    trustProxy: config.trustedProxies.length ? [...config.trustedProxies] : false,
    // Bodies are small JSON; uploads (images) have their own route limits.
    bodyLimit: 64 * 1024,
    // Slow clients (slowloris) must not hold connections.
    ...httpTimeouts(config),
    // Sockets and static files would flood the log; errors and our own events are logged.
    logController: new LogController({ disableRequestLogging: true })
  })
  // PostgreSQL when configured; otherwise the SQLite file, opened below.
  if (!options.store && config.databaseUrl)
    options = {
      ...options,
      store: await openStore(config, {
        relay: true,
        name: `parley-${hostname()}-${process.pid}`,
        onError: (err) => app.log.error({ err }, 'idle database connection failed')
      })
    }
  const dbFile = join(config.dataDir, 'parley.db')
  const metrics = createMetrics()
  // WAL checkpoints (a copy and two fsyncs) run in a worker thread, not after a commit on the event
  // loop; every 25 ms, so what the event loop's own checkpoint still has to sync stays small
  // (sqlite-checkpointer.ts).
  const sqliteOptions = { searchTimeoutMs: config.searchTimeoutMs, searchMinPrefix: config.searchMinPrefix, checkpointEveryMs: 25 }
  const store = metrics.store(options.store ?? openSqliteStore(dbFile, sqliteOptions))
  // Cluster mode: the bus, presence and leader shared with the other nodes (cluster.ts).
  const cluster =
    !options.bus && config.redisUrl ? openCluster(config, store, { onError: (err, what) => app.log.warn({ err }, `cluster: ${what} failed`) }) : null
  const bus = metrics.bus(options.bus ?? cluster?.bus ?? createMemoryBus())
  const onError = (err: unknown) => app.log.error({ err }, 'background work failed')
  const hub = createHub({
    store,
    bus,
    config,
    onError,
    checkIdentity: (claim) => checkIdentity(claim, config.identitySecret),
    ...(options.now ? { now: options.now } : {}),
    ...(cluster ? { cluster: cluster.link } : {})
  })
  // Events may have been lost while the bus was down: the hub re-reads what is open.
  cluster?.onResync(() => void hub.resync().catch(onError))
  const auth = createAuth({ store, config, bus })
  // Cluster mode: login, password and upload attempts, new chats, offline-form messages and transcript
  // mails per IP count for all nodes together.
  const sharedLimits = cluster
    ? openSharedLimits({
        url: config.redisUrl,
        prefix: config.redisPrefix,
        name: `parley-${cluster.nodeId}-limits`,
        onError: (err) => app.log.warn({ err }, 'cluster: shared limits failed (each node counts alone meanwhile)')
      })
    : undefined
  const limits = createLimits(config, Date.now, sharedLimits)
  const upgrades = trackUpgrades(app.server)
  const tickets = createTickets({ store, config, onError, onWebhook: (t) => void hub.ticketChanged(t).catch(onError) })
  app.decorate('parley', { config, store, bus, hub, auth, tickets, limits, metrics, cluster })
  app.decorateRequest('agent', null)

  app.setErrorHandler((err, req, reply) => {
    // Every refusal is mapped in errors.ts; anything else is ours, logged and answered `internal`.
    let wire = toWireError(err)
    if (!wire) {
      req.log.error({ err }, 'unexpected error')
      wire = INTERNAL
    }
    return reply.code(wire.status).send({ code: wire.code, message: wire.message })
  })

  await registerSecurity(app, sharedLimits)
  await app.register(fastifyCookie)
  await app.register(fastifyWebsocket, {
    // ws accepts 100 MiB frames by default; ours are small JSON. Compression stays off (CRIME-style
    // attacks and memory per socket).
    options: { maxPayload: config.maxFrameBytes, perMessageDeflate: false },
    errorHandler: socketErrorHandler,
    // On shutdown tell every client to come back (1012) instead of the default 1005; cut off the
    // ones that do not close within shutdownGraceMs, so shutdown takes bounded time.
    preClose(this: FastifyInstance, done: () => void) {
      void closeAll(this.websocketServer.clients, CLOSE.restart, 'relay restarting', config.shutdownGraceMs).then(() => {
        upgrades.destroyAll()
        done()
      })
      this.websocketServer.close()
    }
  })
  const heartbeat = createHeartbeat(config.heartbeatMs)
  authRoutes(app)
  credentialRoutes(app)
  await uploadRoutes(app)
  offlineRoutes(app)
  transcriptRoutes(app)
  chatRoutes(app)
  ticketRoutes(app)
  textModuleRoutes(app)
  settingsRoutes(app)
  adminRoutes(app)
  healthRoutes(app)
  reportRoutes(app, options.store ? null : dbFile)
  metricsRoutes(app)
  customerSocket(app, { hub, bus, config, heartbeat })
  agentSocket(app, { hub, bus, config, heartbeat })
  await staticRoutes(app, config)

  app.addHook('onReady', async () => {
    await sharedLimits?.ready
    await hub.init()
    tickets.start()
  })
  app.addHook('onClose', async () => {
    heartbeat.stop()
    await tickets.stop()
    hub.close()
    // A node shutting down leaves its agents' presence entries to expire: their consoles, told to
    // come back (1012), reconnect to another node before that, so customers see no "offline" flicker.
    await (cluster ? cluster.close(false) : bus.close())
    await store.close()
  })
  let retention = { stop() {} }
  let agentWatch = { stop() {} }
  app.addHook('onReady', async () => {
    retention = startRetention({
      store,
      config,
      onError: (err) => app.log.error({ err }, 'retention sweep failed'),
      onSwept: (deleted) => app.log.info({ deleted }, 'retention: deleted ended chats'),
      // Once per cluster: on the leader (webhooks need no leader: each delivery is claimed).
      ...(cluster ? { isLeader: cluster.link.isLeader } : {})
    })
    agentWatch = watchAgents({
      store,
      hub,
      everyMs: config.heartbeatMs,
      onError: (err) => app.log.error({ err }, 'agent watch failed'),
      ...(cluster ? { isLeader: cluster.link.isLeader } : {})
    })
  })
  app.addHook('onClose', async () => {
    retention.stop()
    agentWatch.stop()
    limits.stop()
    sharedLimits?.close()
  })
  return app
}
