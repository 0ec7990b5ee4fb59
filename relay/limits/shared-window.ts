// A limit counted across relay nodes (cluster mode): at most `max` hits per key in a window of
// `windowMs` that starts at the key's first hit, counted in Redis by one script (INCR, and PEXPIRE
// on the first hit), so nodes counting at the same moment add up and the key cleans itself up.
// The local token bucket answers when Redis cannot (down, slow): a limit a little looser for the
// duration of the outage rather than new chats refused or held up.
import type { Redis } from 'ioredis'
import type { Buckets } from './token-bucket.js'

/** Counts hits per key. */
export interface SharedWindow {
  /** Counts a hit of `key`; false once it passed `max` in its window. */
  take(key: string): Promise<boolean>
}

// KEYS[1] the key; ARGV[1] windowMs. Returns the count in the current window.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n
`

/** Counts in Redis under `<prefix><name>:<key>`; `fallback` decides while Redis errs, and `onError` hears why. */
export const createSharedWindow = (o: {
  redis: Redis
  prefix: string
  name: string
  max: number
  windowMs: number
  fallback: Buckets
  onError?: (err: unknown) => void
}): SharedWindow => ({
  async take(key) {
    try {
      const n = (await o.redis.eval(HIT, 1, `${o.prefix}${o.name}:${key}`, o.windowMs)) as number
      return n <= o.max
    } catch (err) {
      o.onError?.(err)
      return o.fallback.take(key)
    }
  }
})
