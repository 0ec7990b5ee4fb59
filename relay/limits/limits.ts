// The relay's limits on what one socket and one IP address may do: frames per second, new chats
// per minute, open sockets. Each is a key of RelayConfig with a test in test/relay/limits.test.ts.
import type { RelayConfig } from '../config.js'
import { ERR_RATE_LIMITED } from '../errors.js'
import type { LoopOptions } from '../routes/socket-kit.js'
import { createWindowCounter } from './window-counter.js'

/** What to do with a frame: handle it, refuse it (`rate_limited`), or close the socket (CLOSE.policy). */
export type FrameVerdict = 'ok' | 'limited' | 'abuse'

export type Limits = ReturnType<typeof createLimits>

/** Creates the limits of one relay. `now` is injectable for tests (ms since epoch). */
export const createLimits = (config: Readonly<RelayConfig>, now: () => number = Date.now) => {
  const framesPerIp = createWindowCounter(1000)
  const chatsPerIp = createWindowCounter(60_000)
  const sockets = new Map<string, number>()

  /** A gate for the frames of one socket from `ip`. */
  const frameGate = (ip: string): (() => FrameVerdict) => {
    let second = 0
    let count = 0
    return () => {
      const s = Math.floor(now() / 1000)
      if (s !== second) {
        second = s
        count = 0
      }
      const mine = ++count
      const all = framesPerIp.hit(ip)
      // Twice the limit is not a burst any more: a client that ignores `rate_limited` is closed.
      if (mine > 2 * config.maxFramesPerSecond) return 'abuse'
      if (mine > config.maxFramesPerSecond || all > config.maxFramesPerSecondPerIp) return 'limited'
      return 'ok'
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

    /** Counts a new chat from `ip`; throws ERR_RATE_LIMITED past `maxNewChatsPerMinutePerIp`. */
    chatStarting(ip: string) {
      if (chatsPerIp.hit(ip) > config.maxNewChatsPerMinutePerIp)
        throw new ERR_RATE_LIMITED('Too many new chats from your network; please try again in a minute')
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

    /** Stops the window timers. */
    stop() {
      framesPerIp.stop()
      chatsPerIp.stop()
    }
  }
}
