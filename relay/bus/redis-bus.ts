// The Bus across relay nodes on Redis Pub/Sub (ioredis), one channel per topic under a prefix.
// Local subscribers get an event in-process first; the Redis copy is for the other nodes, and a
// node drops its own echo. Pub/Sub is at-most-once: the store is the log, so after the subscriber
// connection comes back (a Redis restart, a killed connection) the bus resubscribes every topic
// itself and only then tells `onResync` listeners to repair from the store. Publishing never
// waits for a Redis that is down: it fails fast and the bus reports `down` on its health.
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { HubEvent } from '../hub/events.js'
import type { Bus, BusHealth, Unsubscribe } from './bus.js'

/** How a Redis bus connects. */
export interface RedisBusOptions {
  /** redis://[user:password@]host:port[/db] */
  url: string
  /** prefix of every channel, e.g. `parley:` */
  prefix: string
  /** this node's id; events it published come back from Redis and are dropped */
  nodeId?: string
  /** errors of the connections (logged; the bus keeps retrying) */
  onError?: (err: Error) => void
}

/** A Bus over Redis, plus its node id. */
export type RedisBus = Bus & { nodeId: string; health(): BusHealth; onResync(handler: (why: 'reconnect') => void): () => void }

/** Connects to Redis (in the background, retrying forever) and returns the bus. */
export const createRedisBus = (o: RedisBusOptions): RedisBus => {
  const nodeId = o.nodeId ?? randomBytes(6).toString('hex')
  const onError = o.onError ?? (() => {})
  // Commands fail fast while Redis is away: no unbounded buffering of publishes.
  const cmd = new Redis(o.url, { connectionName: `parley-${nodeId}-cmd`, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 })
  // The subscriber queues its SUBSCRIBEs until connected; resubscribing is done here (below), so
  // listeners hear of a reconnect only once every channel is confirmed again.
  const sub = new Redis(o.url, { connectionName: `parley-${nodeId}-sub`, autoResubscribe: false, maxRetriesPerRequest: null })
  cmd.on('error', onError)
  sub.on('error', onError)

  const local = new Map<string, Set<(e: HubEvent) => void>>()
  const confirmed = new Map<string, Promise<void>>()
  const resync = new Set<(why: 'reconnect') => void>()
  let health: BusHealth = { remote: 'down', since: Date.now() }
  let wasReady = false
  let closed = false
  const set = (remote: 'ok' | 'down') => {
    if (health.remote !== remote) health = { remote, since: Date.now() }
  }

  const deliver = (topic: string, event: HubEvent) => {
    // Copy: a handler may unsubscribe (a socket closing) while we iterate.
    for (const h of [...(local.get(topic) ?? [])]) h(event)
  }
  const channel = (topic: string) => o.prefix + topic
  const listen = (topic: string): Promise<void> => {
    const p = sub.subscribe(channel(topic)).then(
      () => undefined,
      (err: Error) => onError(err)
    )
    confirmed.set(topic, p)
    return p
  }

  sub.on('message', (ch: string, raw: string) => {
    if (!ch.startsWith(o.prefix)) return
    let env: { n: string; e: HubEvent }
    try {
      env = JSON.parse(raw) as { n: string; e: HubEvent }
    } catch {
      return
    }
    if (env.n !== nodeId) deliver(ch.slice(o.prefix.length), env.e)
  })
  sub.on('close', () => set('down'))
  // A publish failure marks the bus down; the command connection coming back heals that.
  cmd.on('ready', () => {
    if (sub.status === 'ready' && wasReady) set('ok')
  })
  sub.on('ready', () => {
    if (closed) return
    const again = wasReady
    wasReady = true
    void Promise.all([...local.keys()].map(listen)).then(() => {
      set('ok')
      if (again) for (const h of [...resync]) h('reconnect')
    })
  })

  const bus: RedisBus = {
    nodeId,
    async publish(topic, event, options) {
      deliver(topic, event)
      if (options?.local) return
      try {
        await cmd.publish(channel(topic), JSON.stringify({ n: nodeId, e: event }))
      } catch (err) {
        set('down')
        onError(err as Error)
      }
    },
    subscribe(topic, handler): Unsubscribe {
      let handlers = local.get(topic)
      if (!handlers) {
        local.set(topic, (handlers = new Set()))
        void listen(topic)
      }
      handlers.add(handler)
      const mine = handlers
      return Object.assign(
        () => {
          mine.delete(handler)
          if (mine.size || local.get(topic) !== mine) return
          local.delete(topic)
          confirmed.delete(topic)
          sub.unsubscribe(channel(topic)).catch(() => {})
        },
        // While Redis is away (after it was first reached) a SUBSCRIBE waits for it; `ready` does
        // not: nothing crosses nodes then, the chats' repair polls the store meanwhile, and the
        // reconnect resubscribes and resyncs. A socket following a chat is welcomed at once.
        { ready: wasReady && sub.status !== 'ready' ? Promise.resolve() : confirmed.get(topic)! }
      )
    },
    onResync(handler) {
      resync.add(handler)
      return () => void resync.delete(handler)
    },
    // Both connections: events arrive through one and leave through the other.
    health: () => (sub.status === 'ready' && cmd.status === 'ready' && health.remote === 'ok' ? health : { remote: 'down', since: health.since }),
    async close() {
      closed = true
      local.clear()
      resync.clear()
      sub.disconnect()
      cmd.disconnect()
    }
  }
  return bus
}
