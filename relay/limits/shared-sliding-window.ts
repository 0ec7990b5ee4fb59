// A limit counted across relay nodes (cluster mode) with a sliding window: at most `max` hits per
// key in any `windowMs`, as the single node's hub/hourly-limit.ts counts. Each key is a sorted set
// of its hits' times, trimmed, counted and added to by one script, so nodes counting at the same
// moment add up; a refused hit is not counted, and the key expires one window after its last hit.
// Times are Redis's own clock (TIME), so the nodes' clocks need not agree. Meant for small limits
// (a few per hour): the set holds at most `max` entries. The local count answers while Redis errs
// (down, slow), a limit a little looser for the outage rather than every visitor refused.
import { randomBytes } from 'node:crypto'
import type { Redis } from 'ioredis'
import type { HourlyLimit } from '../hub/hourly-limit.js'

// KEYS[1] the key; ARGV[1] windowMs, ARGV[2] max, ARGV[3] a unique member. 1 if counted, 0 if refused.
const HIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], window)
return 1
`

/** Counts in Redis under `<prefix><name>:<key>`; `fallback` decides while Redis errs, and `onError` hears why. */
export const createSharedSlidingWindow = (o: {
  redis: Redis
  prefix: string
  name: string
  max: number
  windowMs: number
  fallback: HourlyLimit
  onError?: (err: unknown) => void
}): HourlyLimit => ({
  async take(key) {
    try {
      const member = randomBytes(8).toString('base64url')
      return (await o.redis.eval(HIT, 1, `${o.prefix}${o.name}:${key}`, o.windowMs, o.max, member)) === 1
    } catch (err) {
      o.onError?.(err)
      return o.fallback.take(key)
    }
  }
})
