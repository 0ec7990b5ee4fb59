// The relay's limits on what one socket and one IP address may do: frames per second, new chats
// per minute, open sockets, offline-form messages and transcript mails per hour. Each is a key of
// RelayConfig with a test in test/relay/limits.test.ts (the hourly ones in offline-form and
// transcript-mail tests).
//
// With several relay nodes (cluster mode) new chats per IP are counted in Redis, so the limit holds
// for the cluster (shared-window.ts), and so are the hourly ones (shared-sliding-window.ts). Frames and sockets stay counted on each node: a socket lives
// on one node, and a Redis round trip per frame would put Redis on the hot path of every message.
// An address spread over N nodes may send N times maxFramesPerSecondPerIp and open N times
// maxSocketsPerIp; a load balancer with per-address limits or address affinity closes that gap.
import type { Redis } from 'ioredis'
import type { RelayConfig } from '../config.js'
import { ERR_RATE_LIMITED } from '../errors.js'
import { createHourlyLimit, type HourlyLimit } from '../hub/hourly-limit.js'
import type { LoopOptions } from '../routes/socket-kit.js'
import { createSharedSlidingWindow } from './shared-sliding-window.js'
import { createSharedWindow } from './shared-window.js'
import { createBucket, createBuckets } from './token-bucket.js'

/** What to do with a frame: handle it, refuse it (`rate_limited`), or close the socket (CLOSE.policy). */
export type FrameVerdict = 'ok' | 'limited' | 'abuse'

/** The limits of one relay (see createLimits). */
export type Limits = ReturnType<typeof createLimits>

/** Where limits shared by the nodes of a cluster are counted. */
export interface SharedLimits {
  redis: Redis
  /** prefix of the keys (PARLEY_REDIS_PREFIX) */
  prefix: string
  /** hears Redis errors (the local count answers meanwhile) */
  onError?: (err: unknown) => void
}

/** One hour (ms): the window of the per-hour limits. */
const HOUR_MS = 3_600_000

/**
 * Creates the limits of one relay; `shared` counts new chats, offline-form messages and transcript
 * mails per IP across the cluster. `now` is injectable for tests (ms since epoch).
 */
export const createLimits = (config: Readonly<RelayConfig>, now: () => number = Date.now, shared?: SharedLimits) => {
  const framesPerIp = createBuckets(config.maxFramesPerSecondPerIp, 1000, now)
  const chatsPerIp = createBuckets(config.maxNewChatsPerMinutePerIp, 60_000, now)
  const clusterChats =
    shared &&
    createSharedWindow({
      ...shared,
      name: 'limits:chats',
      max: config.maxNewChatsPerMinutePerIp,
      windowMs: 60_000,
      fallback: chatsPerIp
    })
  const sockets = new Map<string, number>()
  // Per hour, sliding: on this node alone, or in Redis with this node's count as the fallback.
  const hourly = (name: string, max: number): HourlyLimit => {
    const local = createHourlyLimit(max, now, HOUR_MS)
    return shared ? createSharedSlidingWindow({ ...shared, name, max, windowMs: HOUR_MS, fallback: local }) : local
  }

  /**
   * A gate for the frames of one socket from `ip`: a burst of `maxFramesPerSecond`, refilled at
   * that rate. Refused frames fill a second bucket of the same size; a client that ignores
   * `rate_limited` long enough to overflow it is abusive and is closed.
   */
  const frameGate = (ip: string): (() => FrameVerdict) => {
    const frames = createBucket(config.maxFramesPerSecond, 1000, now)
    // Made on the first refusal: most sockets never have one, and every idle socket would keep it.
    let patience: ReturnType<typeof createBucket> | undefined
    return () => {
      if (frames.take() && framesPerIp.take(ip)) return 'ok'
      return (patience ??= createBucket(config.maxFramesPerSecond, 1000, now)).take() ? 'limited' : 'abuse'
    }
  }

  return {
    frameGate,

    /** The frame loop's options for a socket from `ip`. */
    loopOptions: (ip: string): LoopOptions => ({
      helloTimeoutMs: config.helloTimeoutMs,
      maxSendBufferBytes: config.maxSendBufferBytes,
      gate: frameGate(ip)
    }),

    /** Counts a new chat from `ip` (on every node in a cluster); throws ERR_RATE_LIMITED past `maxNewChatsPerMinutePerIp`. */
    async chatStarting(ip: string) {
      if (!(clusterChats ? await clusterChats.take(ip) : chatsPerIp.take(ip)))
        throw new ERR_RATE_LIMITED('Too many new chats from your network; please try again in a minute')
    },

    /** Offline-form messages per IP per hour (`maxOfflineMessagesPerHourPerIp`; for the whole cluster in cluster mode). */
    offlineMessages: hourly('limits:offline', config.maxOfflineMessagesPerHourPerIp),

    /** Transcript mails per IP per hour (`maxTranscriptMailsPerHourPerIp`; for the whole cluster in cluster mode). */
    transcriptMails: hourly('limits:transcripts', config.maxTranscriptMailsPerHourPerIp),

    /** Counts an opening socket from `ip`; false (and not counted) past `maxSocketsPerIp`. */
    openSocket(ip: string): boolean {
      const n = sockets.get(ip) ?? 0
      if (n >= config.maxSocketsPerIp) return false
      sockets.set(ip, n + 1)
      return true
    },

    /** Uncounts a socket of `ip` that closed. */
    closeSocket(ip: string) {
      const n = (sockets.get(ip) ?? 1) - 1
      if (n > 0) sockets.set(ip, n)
      else sockets.delete(ip)
    },

    /** Stops the buckets' timers. */
    stop() {
      framesPerIp.stop()
      chatsPerIp.stop()
    }
  }
}
