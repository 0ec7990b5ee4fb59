// What an operator gets from the cluster variables: PostgreSQL alone is one node; Redis with it
// is cluster mode; Redis without PostgreSQL is refused with a reason rather than half-working.
import { describe, expect, it } from 'vitest'
import { configFromEnv } from '../../relay/config.js'

describe('cluster configuration', () => {
  it('takes a PostgreSQL URL and refuses anything else', () => {
    expect(configFromEnv({ PARLEY_DATABASE_URL: 'postgres://u:p@db:5432/parley' }).databaseUrl).toBe('postgres://u:p@db:5432/parley')
    expect(configFromEnv({ PARLEY_DATABASE_URL: 'postgresql://db/parley' }).databaseUrl).toBe('postgresql://db/parley')
    expect(() => configFromEnv({ PARLEY_DATABASE_URL: 'sqlite:data/parley.db' })).toThrow(/PARLEY_DATABASE_URL must be a postgres/)
  })

  it('takes PARLEY_REDIS_URL with PostgreSQL, with the default prefix parley:', () => {
    const c = configFromEnv({ PARLEY_DATABASE_URL: 'postgres://db/parley', PARLEY_REDIS_URL: 'redis://127.0.0.1:6379' })
    expect([c.redisUrl, c.redisPrefix]).toEqual(['redis://127.0.0.1:6379', 'parley:'])
    expect(configFromEnv({ PARLEY_DATABASE_URL: 'postgres://db/parley', PARLEY_REDIS_URL: 'redis://r', PARLEY_REDIS_PREFIX: 'shop1:' }).redisPrefix).toBe(
      'shop1:'
    )
  })

  it('refuses PARLEY_REDIS_URL without PARLEY_DATABASE_URL, and a URL that is not redis://', () => {
    expect(() => configFromEnv({ PARLEY_REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/PARLEY_REDIS_URL \(cluster mode\) requires PARLEY_DATABASE_URL/)
    expect(() => configFromEnv({ PARLEY_DATABASE_URL: 'postgres://db/p', PARLEY_REDIS_URL: 'http://r:6379' })).toThrow(/must be a redis:\/\//)
  })

  it('refuses a presence expiry shorter than three refreshes', () => {
    expect(() => configFromEnv({ PARLEY_PRESENCE_REFRESH_MS: '1000', PARLEY_PRESENCE_TTL_MS: '2000' })).toThrow(/at least 3 × PARLEY_PRESENCE_REFRESH_MS/)
  })
})
