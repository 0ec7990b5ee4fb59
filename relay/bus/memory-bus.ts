import type { HubEvent } from '../hub/events.js'
import type { Bus } from './bus.js'

/** A Bus inside one process. Handlers run synchronously, in subscription order. */
export const createMemoryBus = (): Bus => {
  const topics = new Map<string, Set<(e: HubEvent) => void>>()
  return {
    async publish(topic, event) {
      // Copy: a handler may unsubscribe (a socket closing) while we iterate.
      for (const h of [...(topics.get(topic) ?? [])]) h(event)
    },
    subscribe(topic, handler) {
      let set = topics.get(topic)
      if (!set) topics.set(topic, (set = new Set()))
      set.add(handler)
      // In one process a subscription is effective at once.
      return Object.assign(
        () => {
          set.delete(handler)
          if (set.size === 0) topics.delete(topic)
        },
        { ready: Promise.resolve() }
      )
    },
    health: () => ({ remote: 'none' }),
    async close() {
      topics.clear()
    }
  }
}
