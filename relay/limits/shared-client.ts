// The Redis connection of the limits shared by a cluster's nodes: login, password and upload
// attempts per IP (@fastify/rate-limit's Redis store), new chats per IP (shared-window.ts), and
// offline-form messages and transcript mails per IP per hour (shared-sliding-window.ts).
// Commands fail fast while Redis is away (no offline queue, one retry, 1 s timeout): a login must
// not wait for Redis, and each limit then answers from this node's own count.
import { Redis } from 'ioredis'
import type { SharedLimits } from './limits.js'

/** Shared limits with their own connection; `ready` resolves once connected (or after `connectWaitMs`). */
export type SharedLimitsClient = SharedLimits & { ready: Promise<void>; close(): void }

/** Opens the connection to `url` (retrying in the background, forever) for keys under `prefix`. */
export const openSharedLimits = (o: {
  url: string
  prefix: string
  /** names the connection in CLIENT LIST */
  name?: string
  onError?: (err: unknown) => void
  connectWaitMs?: number
}): SharedLimitsClient => {
  const redis = new Redis(o.url, {
    connectionName: o.name ?? 'parley-limits',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 1000
  })
  const onError = o.onError ?? (() => {})
  redis.on('error', onError)
  const ready = new Promise<void>((ok) => {
    redis.once('ready', () => ok())
    setTimeout(ok, o.connectWaitMs ?? 2000).unref()
  })
  return { redis, prefix: o.prefix, onError, ready, close: () => redis.disconnect() }
}
