// What every part of the hub shares: the store, the bus, the configuration, the clock and where
// background errors go. Built once by `createHub`; the parts receive it instead of closing over hub.ts.
import type { Bus } from '../bus/bus.js'
import type { RelayConfig } from '../config.js'
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
  /** checks an identity claim: `hash` must be the HMAC of `id` with the site's secret; default: never */
  verifyIdentity?: (id: string, hash: string) => boolean
  /** picks an auto-greeting; injectable for tests (default: at random) */
  pick?: <T>(items: readonly T[]) => T
}

/** The resolved dependencies every hub part works with. */
export interface HubContext {
  store: Store
  bus: Bus
  config: Readonly<RelayConfig>
  now: () => number
  onError: (err: unknown) => void
  verifyIdentity: (id: string, hash: string) => boolean
  pick: <T>(items: readonly T[]) => T
  /** publishes a hub event on a bus topic */
  publish: (topic: string, e: HubEvent) => Promise<void>
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
  verifyIdentity: deps.verifyIdentity ?? (() => false),
  pick: deps.pick ?? (<T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!),
  publish: (topic, e) => deps.bus.publish(topic, e)
})
