// The relay's configuration: defaults, environment variables and checks all come from one table
// (config-table.ts). `makeConfig` validates once and returns a deeply frozen object.
import { resolve } from 'node:path'
import { SETTINGS, deepFreeze, type RelayConfig, type Setting } from './config-table.js'
import { parseOriginPattern } from './security/origin.js'

export type { RelayConfig } from './config-table.js'
export { SETTINGS } from './config-table.js'

type Mutable = Record<string, unknown>

/** The defaults: a relay on loopback with its data under ./data. */
export const DEFAULTS: RelayConfig = deepFreeze(Object.fromEntries(SETTINGS.map((s) => [s.key, s.default])) as unknown as RelayConfig)

/** Bytes JSON may need for one character of text: a control character is written `\u0000`. */
const JSON_BYTES_PER_CHAR = 6
/** Room in a frame for everything around one text: type, ids, visitor details. */
const FRAME_OVERHEAD_BYTES = 4096

const where = (s: Setting) => (s.env ? `${s.env} (${s.key})` : s.key)

/** Checks one value against its row; throws an Error naming the variable. */
const checkOne = (s: Setting, v: unknown): void => {
  const fail = (what: string): never => {
    throw new Error(`config ${where(s)} ${what}, got ${JSON.stringify(v)}`)
  }
  switch (s.kind) {
    case 'int':
      if (typeof v !== 'number' || !Number.isInteger(v) || v < s.min || v > s.max) fail(`must be a whole number of ${s.unit} from ${s.min} to ${s.max}`)
      return
    case 'list':
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail('must be a list of strings')
      return
    case 'url':
      if (typeof v !== 'string' || (v !== '' && !/^https?:\/\/[^/\s]+/.test(v))) fail('must be an http(s) URL')
      return
    case 'path':
    case 'string':
      if (typeof v !== 'string') fail('must be a string')
      if (s.kind === 'path' && v === '') fail('must not be empty')
      if ('values' in s && s.values && !s.values.includes(v as string)) fail(`must be one of ${s.values.join(', ')}`)
      // A short key can be brute-forced offline from one valid (id, hash) pair.
      if ('minChars' in s && s.minChars && v !== '' && (v as string).length < s.minChars) fail(`must be at least ${s.minChars} characters`)
      return
    default: {
      const never: never = s
      throw new Error(`unknown setting kind in ${JSON.stringify(never)}`)
    }
  }
}

/**
 * Rules that span settings: each pair would contradict itself at run time. To add one, throw an
 * Error that names both variables and says what to change.
 */
const checkTogether = (c: RelayConfig): void => {
  const need = c.maxTextChars * JSON_BYTES_PER_CHAR + FRAME_OVERHEAD_BYTES
  if (c.maxFrameBytes < need)
    throw new Error(
      `config PARLEY_MAX_FRAME_BYTES (${c.maxFrameBytes}) cannot carry a message of PARLEY_MAX_TEXT_CHARS (${c.maxTextChars}) characters: ` +
        `it must be at least ${need} (${JSON_BYTES_PER_CHAR} bytes a character in JSON + ${FRAME_OVERHEAD_BYTES}); raise it or lower PARLEY_MAX_TEXT_CHARS`
    )
  if (c.chatGraceMs < c.agentGraceMs)
    throw new Error(
      `config PARLEY_CHAT_GRACE_MS (${c.chatGraceMs}) must be at least PARLEY_AGENT_GRACE_MS (${c.agentGraceMs}): an agent's chats cannot leave before the agent has`
    )
  if (c.requestTimeoutMs < c.headersTimeoutMs)
    throw new Error(
      `config PARLEY_REQUEST_TIMEOUT_MS (${c.requestTimeoutMs}) must be at least PARLEY_HEADERS_TIMEOUT_MS (${c.headersTimeoutMs}): the headers are part of the request`
    )
  if (c.databaseUrl && !/^postgres(ql)?:\/\/./.test(c.databaseUrl)) throw new Error('config PARLEY_DATABASE_URL must be a postgres:// or postgresql:// URL')
  // Redis carries what crosses nodes; the data itself must be shared too, so cluster mode needs PostgreSQL.
  if (c.redisUrl && !/^rediss?:\/\/./.test(c.redisUrl)) throw new Error('config PARLEY_REDIS_URL must be a redis:// or rediss:// URL')
  if (c.redisUrl && !c.databaseUrl)
    throw new Error(
      'config PARLEY_REDIS_URL (cluster mode) requires PARLEY_DATABASE_URL: every node must share one PostgreSQL database (SQLite is one file on one machine)'
    )
  if (c.presenceTtlMs < 3 * c.presenceRefreshMs)
    throw new Error(
      `config PARLEY_PRESENCE_TTL_MS (${c.presenceTtlMs}) must be at least 3 × PARLEY_PRESENCE_REFRESH_MS (${c.presenceRefreshMs}): two missed refreshes must not make a live node's agents vanish`
    )
  if (!c.smtpUrl !== !c.mailFrom) throw new Error('config PARLEY_SMTP_URL and PARLEY_MAIL_FROM go together: set both to send transcripts by mail, or neither')
  if (c.smtpUrl && !/^smtps?:\/\/[^/\s]+/.test(c.smtpUrl))
    throw new Error('config PARLEY_SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example.com:587')
  if (c.webhookUrl && !c.webhookSecret) throw new Error('config PARLEY_WEBHOOK_SECRET is required with PARLEY_WEBHOOK_URL (receivers check the signature)')
  // Standard Webhooks secrets: the key is the base64 after the prefix; 24 bytes at the least.
  if (c.webhookSecret && !(/^whsec_[A-Za-z0-9+/]+={0,2}$/.test(c.webhookSecret) && Buffer.from(c.webhookSecret.slice(6), 'base64').length >= 24))
    throw new Error('config PARLEY_WEBHOOK_SECRET must be whsec_ and the base64 of at least 24 random bytes, e.g. whsec_$(openssl rand -base64 32)')
}

/** Merges `overrides` onto the defaults, checks every value and deep-freezes the result. Throws on a bad value. */
export const makeConfig = (overrides: Partial<RelayConfig> = {}): RelayConfig => {
  const c: Mutable = { ...DEFAULTS }
  for (const [k, v] of Object.entries(overrides)) {
    if (v === undefined) continue
    if (!SETTINGS.some((s) => s.key === k)) throw new Error(`config has no setting "${k}"`)
    c[k] = Array.isArray(v) ? [...v] : v
  }
  for (const s of SETTINGS) checkOne(s, c[s.key])
  for (const o of c.allowedOrigins as string[]) parseOriginPattern(o)
  c.publicUrl = (c.publicUrl as string).replace(/\/+$/, '')
  for (const k of ['dataDir', 'distDir', 'demoDir']) c[k] = resolve(c[k] as string)
  const config = c as unknown as RelayConfig
  checkTogether(config)
  return deepFreeze(config)
}

/** One environment value as its row's type; undefined when unset or empty. */
const fromEnv = (s: Setting, raw: string | undefined): unknown => {
  if (raw === undefined || raw === '') return undefined
  if (s.kind === 'list')
    return raw
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
  if (s.kind !== 'int') return raw
  const n = Number(raw)
  if (!Number.isFinite(n)) throw new Error(`${s.env} must be a number, got "${raw}"`)
  return n
}

/** Reads the configuration from environment variables (README, "Configuration"). */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env, base: Partial<RelayConfig> = {}): RelayConfig => {
  const out: Mutable = { ...base }
  for (const s of SETTINGS) {
    if (!('env' in s) || !s.env) continue
    const v = fromEnv(s, env[s.env])
    if (v !== undefined) out[s.key] = v
  }
  return makeConfig(out as Partial<RelayConfig>)
}
