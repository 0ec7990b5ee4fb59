// What an operator gets from the cluster variables in this version: PostgreSQL works for one
// node; Redis (cluster mode) is refused at start rather than silently ignored.
import { describe, expect, it } from 'vitest'
import { configFromEnv } from '../../relay/config.js'

describe('cluster configuration', () => {
  it('takes a PostgreSQL URL and refuses anything else', () => {
    expect(configFromEnv({ PARLEY_DATABASE_URL: 'postgres://u:p@db:5432/parley' }).databaseUrl).toBe('postgres://u:p@db:5432/parley')
    expect(configFromEnv({ PARLEY_DATABASE_URL: 'postgresql://db/parley' }).databaseUrl).toBe('postgresql://db/parley')
    expect(() => configFromEnv({ PARLEY_DATABASE_URL: 'sqlite:data/parley.db' })).toThrow(/PARLEY_DATABASE_URL must be a postgres/)
  })

  it('refuses PARLEY_REDIS_URL with a clear error instead of ignoring it', () => {
    expect(() => configFromEnv({ PARLEY_REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/cluster mode .* is not available in this version/)
  })
})
