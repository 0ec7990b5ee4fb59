import type { HubEvent } from '../hub/events.js'
import type { Bus } from './bus.js'

/** A Bus inside one process. Handlers run synchronously, in subscription order. */
export const createMemoryBus = (): Bus => {
  // Each topic's handlers as an array replaced (never changed in place) on subscribe and
  // unsubscribe: publish iterates the array it found, so a handler that unsubscribes (a socket
  // closing) or subscribes while we iterate changes only the next publish, without a copy per event.
  const topics = new Map<string, ((e: HubEvent) => void)[]>()
  return {
    async publish(topic, event) {
      const handlers = topics.get(topic)
      if (handlers) for (const h of handlers) h(event)
    },
    subscribe(topic, handler) {
      const handlers = topics.get(topic) ?? []
      if (!handlers.includes(handler)) topics.set(topic, [...handlers, handler])
      let subscribed = true
      // In one process a subscription is effective at once.
      return Object.assign(
        () => {
          if (!subscribed) return
          subscribed = false
          const rest = (topics.get(topic) ?? []).filter((h) => h !== handler)
          if (rest.length) topics.set(topic, rest)
          else topics.delete(topic)
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
