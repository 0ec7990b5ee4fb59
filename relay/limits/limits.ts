// The relay's limits on what one socket and one IP address may do: frames per second, new chats
// per minute, open sockets. Each is a key of RelayConfig with a test in test/relay/limits.test.ts.
import type { FastifyBaseLogger } from 'fastify'
import type { RelayConfig } from '../config.js'
import { ERR_RATE_LIMITED } from '../errors.js'
import type { LoopOptions } from '../routes/socket-kit.js'
import { createBucket, createBuckets } from './token-bucket.js'

/** What to do with a frame: handle it, refuse it (`rate_limited`), or close the socket (CLOSE.policy). */
export type FrameVerdict = 'ok' | 'limited' | 'abuse'

/** The limits of one relay (see createLimits). */
export type Limits = ReturnType<typeof createLimits>

/** Creates the limits of one relay. `now` is injectable for tests (ms since epoch). */
export const createLimits = (config: Readonly<RelayConfig>, now: () => number = Date.now) => {
  const framesPerIp = createBuckets(config.maxFramesPerSecondPerIp, 1000, now)
  const chatsPerIp = createBuckets(config.maxNewChatsPerMinutePerIp, 60_000, now)
  const sockets = new Map<string, number>()

  /**
   * A gate for the frames of one socket from `ip`: a burst of `maxFramesPerSecond`, refilled at
   * that rate. Refused frames fill a second bucket of the same size; a client that ignores
   * `rate_limited` long enough to overflow it is abusive and is closed.
   */
  const frameGate = (ip: string): (() => FrameVerdict) => {
    const frames = createBucket(config.maxFramesPerSecond, 1000, now)
    const patience = createBucket(config.maxFramesPerSecond, 1000, now)
    return () => {
      if (frames.take() && framesPerIp.take(ip)) return 'ok'
      return patience.take() ? 'limited' : 'abuse'
    }
  }

  return {
    frameGate,

    /** The frame loop's options for a socket from `ip`; `log` hears of cut-offs. */
    loopOptions: (ip: string, log?: FastifyBaseLogger): LoopOptions => ({
      helloTimeoutMs: config.helloTimeoutMs,
      maxSendBufferBytes: config.maxSendBufferBytes,
      gate: frameGate(ip),
      ...(log ? { log } : {})
    }),

    /** Counts a new chat from `ip`; throws ERR_RATE_LIMITED past `maxNewChatsPerMinutePerIp`. */
    chatStarting(ip: string) {
      if (!chatsPerIp.take(ip)) throw new ERR_RATE_LIMITED('Too many new chats from your network; please try again in a minute')
    },

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
