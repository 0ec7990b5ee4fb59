// Cluster mode (PARLEY_REDIS_URL with PARLEY_DATABASE_URL): what makes this relay one node of
// several. It builds the parts that cross nodes and hands them to the app:
//   - the bus on Redis Pub/Sub (bus/redis-bus.ts), wrapped in the repair layer that fills in lost
//     chat messages from the store (bus/chat-repair.ts);
//   - cluster presence and availability in Redis (bus/redis-presence.ts);
//   - the leader among the nodes, by a PostgreSQL advisory lock (store/pg-leader.ts), for the work
//     that must run once per cluster (requeue after grace; retention and the like may use it too);
//   - the hub's view of all that (`link`, hub/context.ts ClusterLink).
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Bus } from './bus/bus.js'
import { withChatRepair } from './bus/chat-repair.js'
import { createRedisBus, type RedisBus } from './bus/redis-bus.js'
import { createClusterPresence, type ClusterPresence } from './bus/redis-presence.js'
import type { RelayConfig } from './config.js'
import type { ClusterLink } from './hub/context.js'
import { createLeader, type Leader } from './store/pg-leader.js'
import type { Store } from './store/store.js'

/** One node's share of the cluster, decorated on the app as `app.parley.cluster`. */
export interface Cluster {
  /** this node's id (PARLEY_NODE_ID or host-pid-random) */
  nodeId: string
  /** the bus across nodes, with repair from the store */
  bus: Bus
  /** the Redis bus underneath, for its health */
  redisBus: RedisBus
  presence: ClusterPresence
  /** `isLeader()` is true on exactly one node at a time (give or take a failover) */
  leader: Leader
  /** what the hub needs */
  link: ClusterLink
  /** Calls `handler` after the bus came back (after the repair layer re-read the chats). */
  onResync(handler: () => void): void
  /** Stops everything; `leave` removes this node's presence at once instead of letting it expire. */
  close(leave?: boolean): Promise<void>
}

/** The node id a relay takes when PARLEY_NODE_ID is not set. */
export const defaultNodeId = () => `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`

/** Logs an error of a connection at most once per `everyMs` (a Redis outage makes one per retry). */
const throttled = (log: (err: Error, repeated: number) => void, everyMs = 10_000) => {
  let last = 0
  let repeated = 0
  return (err: Error) => {
    const t = Date.now()
    if (t - last < everyMs) return void repeated++
    log(err, repeated)
    last = t
    repeated = 0
  }
}

/** Connects this node to the cluster (Redis connects in the background and retries forever). */
export const openCluster = (config: Readonly<RelayConfig>, store: Store, o: { onError(err: unknown, what: string): void }): Cluster => {
  const nodeId = config.nodeId || defaultNodeId()
  const onRedisError = throttled((err, repeated) => o.onError(err, `redis${repeated ? ` (and ${repeated} more errors)` : ''}`))
  const redisBus = createRedisBus({ url: config.redisUrl, prefix: config.redisPrefix, nodeId, onError: onRedisError })
  const bus = withChatRepair(
    redisBus,
    {
      lastSeq: async (chatId) => (await store.getChat(chatId))?.lastSeq,
      messagesAfter: (chatId, after, limit) => store.messagesAfter(chatId, after, limit)
    },
    { onError: (err) => o.onError(err, 'chat repair') }
  )
  let availability: (available: boolean) => void = () => {}
  const presence = createClusterPresence({
    url: config.redisUrl,
    prefix: config.redisPrefix,
    nodeId,
    timings: {
      refreshMs: config.presenceRefreshMs,
      ttlMs: config.presenceTtlMs,
      reaperMs: Math.max(25, Math.round(config.presenceRefreshMs / 2)),
      // After Redis lost its data every live node re-announces within one refresh; "nobody
      // available" is not believed before all could have.
      settleMs: config.presenceTtlMs
    },
    onAvailability: (v) => availability(v),
    onError: onRedisError
  })
  const leader = createLeader({
    url: config.databaseUrl,
    name: 'sweeper',
    applicationName: `parley-${nodeId}-leader`,
    retryMs: Math.min(2000, config.presenceTtlMs),
    onError: (err) => o.onError(err, 'leader connection')
  })
  // Presence is unknown while the bus is down and for one expiry after it came back (or after this
  // node started): the other nodes may not have re-announced yet.
  let settledAt = Date.now() + config.presenceTtlMs
  const resyncHandlers: (() => void)[] = []
  redisBus.onResync(() => {
    settledAt = Date.now() + config.presenceTtlMs
    for (const h of resyncHandlers) h()
  })
  const link: ClusterLink = {
    nodeId,
    presence,
    onAvailability: (h) => void (availability = h),
    isLeader: () => leader.isLeader(),
    presenceKnown: () => redisBus.health().remote === 'ok' && Date.now() >= settledAt
  }
  return {
    nodeId,
    bus,
    redisBus,
    presence,
    leader,
    link,
    onResync: (h) => void resyncHandlers.push(h),
    async close(leave = false) {
      await presence.close(leave)
      await leader.close()
      await bus.close()
    }
  }
}
