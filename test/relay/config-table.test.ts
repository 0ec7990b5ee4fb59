import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { configTableMarkdown } from '../../relay/config-readme.js'
import { SETTINGS } from '../../relay/config-table.js'
import { configFromEnv, makeConfig } from '../../relay/config.js'

const root = join(import.meta.dirname, '..', '..')
const filesUnder = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? filesUnder(p) : /\.(ts|mjs)$/.test(f) ? [p] : []
  })

describe('configuration in one table', () => {
  it("has README's configuration table exactly as the settings table writes it", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const expected = configTableMarkdown()
    const ok = readme.includes(expected)
    // On failure, paste this under README's "## Configuration".
    if (!ok) console.log(`README's configuration table should be:\n\n${expected}\n`)
    expect(ok).toBe(true)
  })

  it('has a row for every PARLEY_* variable the relay reads', () => {
    const table = new Set<string>(SETTINGS.flatMap((s) => ('env' in s && s.env ? [s.env] : [])))
    const read = new Set<string>()
    for (const f of [...filesUnder(join(root, 'relay')), ...filesUnder(join(root, 'bin'))])
      for (const m of readFileSync(f, 'utf8').matchAll(/\bPARLEY_[A-Z0-9_]+\b/g)) if (!m[0].startsWith('PARLEY_ERR_')) read.add(m[0])
    expect([...read].filter((v) => !table.has(v))).toEqual([])
  })

  it('gives every row a unique key and variable, a default within its range and a description', () => {
    const keys = SETTINGS.map((s) => s.key)
    const envs = SETTINGS.flatMap((s) => ('env' in s && s.env ? [s.env] : []))
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(envs).size).toBe(envs.length)
    for (const s of SETTINGS) {
      expect(s.doc.length, s.key).toBeGreaterThan(5)
      if (s.kind === 'int') expect(s.default >= s.min && s.default <= s.max, s.key).toBe(true)
    }
    expect(() => makeConfig()).not.toThrow()
  })

  it('is frozen all the way down, defaults and loaded config alike', () => {
    const c = makeConfig({ allowedOrigins: ['https://shop.example'] })
    expect(Object.isFrozen(c)).toBe(true)
    expect(Object.isFrozen(c.allowedOrigins)).toBe(true)
    expect(() => (c.allowedOrigins as string[]).push('https://evil.example')).toThrow()
    expect(Object.isFrozen(SETTINGS)).toBe(true)
    expect(Object.isFrozen(SETTINGS[0])).toBe(true)
  })

  it('reads every variable of the table, as the type of its row', () => {
    const c = configFromEnv({
      PARLEY_MAX_QUEUE_LENGTH: '7',
      PARLEY_ALLOWED_ORIGINS: 'https://a.example, https://b.example',
      PARLEY_LOG_LEVEL: 'warn',
      PARLEY_HEADERS_TIMEOUT_MS: '2000'
    })
    expect(c.maxQueueLength).toBe(7)
    expect(c.allowedOrigins).toEqual(['https://a.example', 'https://b.example'])
    expect(c.logLevel).toBe('warn')
    expect(c.headersTimeoutMs).toBe(2000)
  })

  it('names the variable, its unit and its range when a value is out of range or not a number', () => {
    expect(() => configFromEnv({ PARLEY_MAX_QUEUE_LENGTH: '0' })).toThrow(
      'config PARLEY_MAX_QUEUE_LENGTH (maxQueueLength) must be a whole number of chats from 1 to 1000000, got 0'
    )
    expect(() => configFromEnv({ PARLEY_LOCKOUT_MS: 'soon' })).toThrow('PARLEY_LOCKOUT_MS must be a number, got "soon"')
    expect(() => configFromEnv({ PARLEY_LOG_LEVEL: 'loud' })).toThrow(/PARLEY_LOG_LEVEL .* must be one of fatal/)
    expect(() => makeConfig({ nonsense: 1 } as never)).toThrow('config has no setting "nonsense"')
  })

  // Regression: PARLEY_MAX_TEXT_CHARS could be set above what a frame can carry; the relay then
  // refused long messages as bad frames instead of refusing to start.
  it('refuses to start with PARLEY_MAX_TEXT_CHARS above what PARLEY_MAX_FRAME_BYTES can carry, naming both', () => {
    expect(() => configFromEnv({ PARLEY_MAX_TEXT_CHARS: '20000' })).toThrow(
      'config PARLEY_MAX_FRAME_BYTES (65536) cannot carry a message of PARLEY_MAX_TEXT_CHARS (20000) characters: it must be at least 124096'
    )
    expect(() => configFromEnv({ PARLEY_MAX_TEXT_CHARS: '20000', PARLEY_MAX_FRAME_BYTES: '124096' })).not.toThrow()
    expect(() => configFromEnv({ PARLEY_CHAT_GRACE_MS: '1000', PARLEY_AGENT_GRACE_MS: '5000' })).toThrow(
      /PARLEY_CHAT_GRACE_MS \(1000\) must be at least PARLEY_AGENT_GRACE_MS \(5000\)/
    )
    expect(() => configFromEnv({ PARLEY_HEADERS_TIMEOUT_MS: '20000', PARLEY_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /PARLEY_REQUEST_TIMEOUT_MS \(10000\) must be at least PARLEY_HEADERS_TIMEOUT_MS/
    )
  })
})
