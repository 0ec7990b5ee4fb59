// Retention: ended chats, with their messages, images, tickets and search entries, are deleted
// `retentionDays` after they ended; the sweep runs at start and every `retentionSweepMs`, and on
// demand with `parley prune`. Waiting and active chats are never touched. The same sweep drops
// login failures whose count window and lock are over (security/lockout.ts).
//
// Several nodes (cluster mode): only the leader sweeps (`isLeader`, a PostgreSQL advisory lock), so
// the deletions run once, not once per node; a node that becomes leader sweeps at once.
import type { RelayConfig } from '../config.js'
import type { Deleted } from '../store/lifecycle.js'
import type { Store } from '../store/store.js'

const DAY_MS = 24 * 3600_000
/** How often a node that is not the leader looks whether it became it, ms. */
const LEADER_CHECK_MS = 1000

/** Deletes what ended more than `days` days before `now` (ms since epoch). */
export const prune = (store: Pick<Store, 'deleteEndedBefore'>, days: number, now = Date.now()): Promise<Deleted> => store.deleteEndedBefore(now - days * DAY_MS)

/**
 * Runs the sweep on a timer. `onSwept` hears of every sweep that deleted chats or visitors;
 * `isLeader` (cluster mode) says whether this node is the one that sweeps (default: it is).
 */
export const startRetention = (deps: {
  store: Pick<Store, 'deleteEndedBefore' | 'pruneLoginFailures'>
  config: Readonly<RelayConfig>
  onSwept: (deleted: Deleted) => void
  onError: (err: unknown) => void
  now?: () => number
  isLeader?: () => boolean
}): { stop(): void } => {
  const { store, config, onSwept, onError } = deps
  const now = deps.now ?? Date.now
  const isLeader = deps.isLeader ?? (() => true)
  let last: number | undefined
  let running = false
  const sweep = async () => {
    await store.pruneLoginFailures(now())
    if (config.retentionDays === 0) return
    const d = await prune(store, config.retentionDays, now())
    if (d.chats + d.visitors > 0) onSwept(d)
  }
  const tick = () => {
    if (running) return
    if (!isLeader()) {
      last = undefined
      return
    }
    if (last !== undefined && now() - last < config.retentionSweepMs) return
    last = now()
    running = true
    sweep()
      .catch(onError)
      .finally(() => (running = false))
  }
  tick()
  const timer = setInterval(tick, Math.min(config.retentionSweepMs, LEADER_CHECK_MS))
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
