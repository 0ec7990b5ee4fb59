// Retention: ended chats, with their messages, images, tickets and search entries, are deleted
// `retentionDays` after they ended; the sweep runs at start and every `retentionSweepMs`, and on
// demand with `parley prune`. Waiting and active chats are never touched.
import type { RelayConfig } from '../config.js'
import type { Deleted } from '../store/lifecycle.js'
import type { Store } from '../store/store.js'

const DAY_MS = 24 * 3600_000

/** Deletes what ended more than `days` days before `now` (ms since epoch). */
export const prune = (store: Pick<Store, 'deleteEndedBefore'>, days: number, now = Date.now()): Promise<Deleted> => store.deleteEndedBefore(now - days * DAY_MS)

/** Runs the sweep on a timer while `retentionDays` > 0. `onSwept` hears of every sweep that deleted something. */
export const startRetention = (deps: {
  store: Pick<Store, 'deleteEndedBefore'>
  config: Readonly<RelayConfig>
  onSwept: (deleted: Deleted) => void
  onError: (err: unknown) => void
  now?: () => number
}): { stop(): void } => {
  const { store, config, onSwept, onError } = deps
  if (config.retentionDays === 0) return { stop() {} }
  const now = deps.now ?? Date.now
  const sweep = () =>
    prune(store, config.retentionDays, now())
      .then((d) => d.chats + d.visitors > 0 && onSwept(d))
      .catch(onError)
  void sweep()
  const timer = setInterval(sweep, config.retentionSweepMs)
  timer.unref()
  return { stop: () => clearInterval(timer) }
}
