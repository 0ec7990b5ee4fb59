// What every part of the hub shares: the store, the bus, the configuration, the clock and where
// background errors go. Built once by `createHub`; the parts receive it instead of closing over hub.ts.
import type { Bus, PublishOptions } from '../bus/bus.js'
import type { ClusterPresence } from '../bus/redis-presence.js'
import type { RelayConfig } from '../config.js'
import type { CheckedIdentity, IdentityClaim } from '../security/identity.js'
import type { Store } from '../store/store.js'
import type { HubEvent } from './events.js'

/** What `createHub` is given. */
export interface HubDeps {
  store: Store
  bus: Bus
  config: Readonly<RelayConfig>
  /** ms since epoch; injectable for tests */
  now?: () => number
  /** called with errors of background work (presence timers); default: rethrown */
  onError?: (err: unknown) => void
  /** checks an identity claim's proofs (security/identity.ts); default: nothing is proven */
  checkIdentity?: (claim: IdentityClaim) => Promise<CheckedIdentity>
  /** picks an auto-greeting; injectable for tests (default: at random) */
  pick?: <T>(items: readonly T[]) => T
  /** cluster mode: presence and leadership shared with the other nodes (relay/cluster.ts) */
  cluster?: ClusterLink
}

/** What the hub needs to be one node of several (relay/cluster.ts builds it on Redis and PostgreSQL). */
export interface ClusterLink {
  nodeId: string
  /** agents' consoles and availability across nodes */
  presence: ClusterPresence
  /** hears "anyone available" whenever it changes anywhere */
  onAvailability(handler: (available: boolean) => void): void
  /** true while this node runs the once-per-cluster sweeps (requeue after grace) */
  isLeader(): boolean
  /** whether cluster presence can be believed now: false while the bus is down and just after it came back ("unknown" is not "absent") */
  presenceKnown(): boolean
}

/** The resolved dependencies every hub part works with. */
export interface HubContext {
  store: Store
  bus: Bus
  config: Readonly<RelayConfig>
  now: () => number
  onError: (err: unknown) => void
  checkIdentity: (claim: IdentityClaim) => Promise<CheckedIdentity>
  pick: <T>(items: readonly T[]) => T
  /** publishes a hub event on a bus topic (`{ local: true }`: to this node's sockets only) */
  publish: (topic: string, e: HubEvent, options?: PublishOptions) => Promise<void>
  cluster?: ClusterLink
}

/** Fills in the defaults of `deps`. */
export const hubContext = (deps: HubDeps): HubContext => ({
  store: deps.store,
  bus: deps.bus,
  config: deps.config,
  now: deps.now ?? Date.now,
  onError:
    deps.onError ??
    ((err: unknown) => {
      throw err
    }),
  checkIdentity: deps.checkIdentity ?? (({ id, name, email }) => Promise.resolve({ id, name, email, verified: [] })),
  pick: deps.pick ?? (<T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!),
  publish: (topic, e, options) => deps.bus.publish(topic, e, options),
  ...(deps.cluster ? { cluster: deps.cluster } : {})
})
