import { resolve } from 'node:path'
import { checkSecurity, securityFromEnv } from './security/config-checks.js'

/** Everything the relay can be told. One defaults object, units in the names, validated once and frozen. */
export interface RelayConfig {
  /** interface to listen on */
  host: string
  /** TCP port */
  port: number
  /** folder holding the SQLite file (parley.db) */
  dataDir: string
  /** pino log level: fatal, error, warn, info, debug, trace, silent */
  logLevel: string
  /** how long an agent's login lasts */
  sessionTtlMs: number
  /** an agent whose last socket closed still counts as available this long (survives a reload) */
  agentGraceMs: number
  /** the relay pings every socket this often; one that missed a ping is dropped at the next */
  heartbeatMs: number
  /** an agent's chats stay theirs this long after their console disconnected, then go back to the queue */
  chatGraceMs: number
  /** base URL of the console in links (tickets, webhooks); default: the address the relay listens on */
  publicUrl: string
  /** proxies whose X-Forwarded-For is believed (addresses or CIDRs); none by default */
  trustedProxies: string[]
  /** help desk endpoint POSTed a JSON event when a ticket is created; none by default */
  webhookUrl: string
  /** key of the `x-parley-signature: sha256=<hex HMAC of the body>` header */
  webhookSecret: string
  /** delivery attempts before a webhook is marked failed (with backoff between them) */
  webhookMaxAttempts: number
  /** how often due webhook deliveries are looked for */
  webhookPollMs: number
  /** a socket must send its hello within this time */
  helloTimeoutMs: number
  /** largest WebSocket frame accepted, bytes (the `ws` default of 100 MiB must never apply) */
  maxFrameBytes: number
  /** characters in one message's text */
  maxTextChars: number
  /** default for an agent's maximum simultaneous chats */
  defaultMaxChats: number
  /** used on first start with an empty database; a password is generated when empty */
  adminEmail: string
  adminPassword: string
  /** folders served by the relay (the built dist/ and the demo site) */
  distDir: string
  demoDir: string
  // ---- reliability and security limits (README, "Security and limits"); checked in security/config-checks.ts ----
  /** origins (https://shop.example, https://*.example.com, or *) whose pages may open the customer socket and upload; the relay's own origin always may */
  allowedOrigins: string[]
  /** key for identity claims (HMAC-SHA256 of the user id); empty refuses every claim */
  identitySecret: string
  /** a socket whose unsent bytes pass this (once the kernel's buffers are full) is cut off, bytes */
  maxSendBufferBytes: number
  /** frames one socket may send per second; twice as many closes it (CLOSE.policy) */
  maxFramesPerSecond: number
  /** frames all sockets of one IP address may send per second together */
  maxFramesPerSecondPerIp: number
  /** chats one IP address may start per minute */
  maxNewChatsPerMinutePerIp: number
  /** WebSockets open at once from one IP address */
  maxSocketsPerIp: number
  /** customers waiting for an agent at once; the next one gets `queue_full` */
  maxQueueLength: number
  /** bytes in one uploaded image */
  maxUploadBytes: number
  /** pixels in an uploaded image, all frames of an animation together (each decodes to 4 bytes) */
  maxImagePixels: number
  /** pixels along either side of an uploaded image */
  maxImageSidePx: number
  /** uploads one IP address may make per minute */
  maxUploadsPerMinutePerIp: number
  /** login attempts one IP address may make per minute */
  maxLoginsPerMinutePerIp: number
  /** failed logins for one email before it is locked */
  lockoutFailures: number
  /** how long a locked email stays locked, and the window its failures are counted in */
  lockoutMs: number
  /** ended chats (and their images) are deleted this many days after they ended; 0 keeps them */
  retentionDays: number
  /** how often the retention sweep runs */
  retentionSweepMs: number
  /** on shutdown, clients that have not closed within this time after the 1012 are cut off */
  shutdownGraceMs: number
}

/** The defaults: a relay on loopback with its data under ./data. */
export const DEFAULTS: Readonly<RelayConfig> = Object.freeze({
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  logLevel: 'info',
  sessionTtlMs: 7 * 24 * 3600_000,
  agentGraceMs: 3000,
  heartbeatMs: 4000,
  helloTimeoutMs: 10_000,
  chatGraceMs: 60_000,
  webhookUrl: '',
  webhookSecret: '',
  webhookMaxAttempts: 8,
  webhookPollMs: 1000,
  publicUrl: '',
  trustedProxies: [],
  maxFrameBytes: 64 * 1024,
  maxTextChars: 5000,
  defaultMaxChats: 4,
  adminEmail: 'admin@example.com',
  adminPassword: '',
  distDir: './dist',
  demoDir: './demo-site',
  allowedOrigins: [],
  identitySecret: '',
  maxSendBufferBytes: 1024 * 1024,
  maxFramesPerSecond: 20,
  maxFramesPerSecondPerIp: 200,
  maxNewChatsPerMinutePerIp: 10,
  maxSocketsPerIp: 50,
  maxQueueLength: 200,
  maxUploadBytes: 5 * 1024 * 1024,
  maxImagePixels: 25_000_000,
  maxImageSidePx: 10_000,
  maxUploadsPerMinutePerIp: 30,
  maxLoginsPerMinutePerIp: 10,
  lockoutFailures: 5,
  lockoutMs: 15 * 60_000,
  retentionDays: 0,
  retentionSweepMs: 3600_000,
  shutdownGraceMs: 2000
})

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']

const positive = (c: RelayConfig, key: keyof RelayConfig, max = Number.MAX_SAFE_INTEGER): void => {
  const v = c[key]
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > max)
    throw new Error(`config ${key} must be an integer from 1 to ${max}, got ${String(v)}`)
}

/** Merges `overrides` onto the defaults, checks every value and freezes the result. Throws on a bad value. */
export const makeConfig = (overrides: Partial<RelayConfig> = {}): Readonly<RelayConfig> => {
  const c: RelayConfig = { ...DEFAULTS }
  for (const [k, v] of Object.entries(overrides)) if (v !== undefined) (c as unknown as Record<string, unknown>)[k] = v
  positive(c, 'port', 65535)
  for (const k of ['sessionTtlMs', 'agentGraceMs', 'heartbeatMs', 'chatGraceMs', 'webhookMaxAttempts', 'webhookPollMs', 'helloTimeoutMs', 'maxFrameBytes', 'maxTextChars'] as const) positive(c, k)
  positive(c, 'defaultMaxChats', 20)
  if (c.maxFrameBytes > 16 * 1024 * 1024) throw new Error('config maxFrameBytes must be at most 16 MiB')
  if (!LOG_LEVELS.includes(c.logLevel)) throw new Error(`config logLevel must be one of ${LOG_LEVELS.join(', ')}`)
  if (!c.host) throw new Error('config host must not be empty')
  checkSecurity(c)
  if (c.publicUrl && !/^https?:\/\/[^/]+/.test(c.publicUrl)) throw new Error('config publicUrl must be an http(s) URL')
  if (c.webhookUrl && !/^https?:\/\/[^/]+/.test(c.webhookUrl)) throw new Error('config webhookUrl must be an http(s) URL')
  if (c.webhookUrl && !c.webhookSecret) throw new Error('config webhookSecret is required with webhookUrl (receivers check the signature)')
  c.publicUrl = c.publicUrl.replace(/\/+$/, '')
  if (!Array.isArray(c.trustedProxies)) throw new Error('config trustedProxies must be a list')
  c.dataDir = resolve(c.dataDir)
  c.distDir = resolve(c.distDir)
  c.demoDir = resolve(c.demoDir)
  return Object.freeze(c)
}

const num = (v: string | undefined, name: string): number | undefined => {
  if (v === undefined || v === '') return undefined
  const n = Number(v)
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${v}"`)
  return n
}

/** Reads the configuration from environment variables (see README, "Configuration"). */
export const configFromEnv = (env: NodeJS.ProcessEnv = process.env, base: Partial<RelayConfig> = {}): Readonly<RelayConfig> =>
  makeConfig({
    ...base,
    host: env.HOST || undefined,
    port: num(env.PORT, 'PORT'),
    dataDir: env.PARLEY_DATA_DIR || undefined,
    logLevel: env.PARLEY_LOG_LEVEL || undefined,
    adminEmail: env.PARLEY_ADMIN_EMAIL || undefined,
    adminPassword: env.PARLEY_ADMIN_PASSWORD || undefined,
    maxTextChars: num(env.PARLEY_MAX_TEXT_CHARS, 'PARLEY_MAX_TEXT_CHARS'),
    maxFrameBytes: num(env.PARLEY_MAX_FRAME_BYTES, 'PARLEY_MAX_FRAME_BYTES'),
    sessionTtlMs: num(env.PARLEY_SESSION_TTL_MS, 'PARLEY_SESSION_TTL_MS'),
    agentGraceMs: num(env.PARLEY_AGENT_GRACE_MS, 'PARLEY_AGENT_GRACE_MS'),
    heartbeatMs: num(env.PARLEY_HEARTBEAT_MS, 'PARLEY_HEARTBEAT_MS'),
    chatGraceMs: num(env.PARLEY_CHAT_GRACE_MS, 'PARLEY_CHAT_GRACE_MS'),
    publicUrl: env.PARLEY_PUBLIC_URL || undefined,
    webhookUrl: env.PARLEY_WEBHOOK_URL || undefined,
    webhookSecret: env.PARLEY_WEBHOOK_SECRET || undefined,
    webhookMaxAttempts: num(env.PARLEY_WEBHOOK_MAX_ATTEMPTS, 'PARLEY_WEBHOOK_MAX_ATTEMPTS'),
    trustedProxies: env.PARLEY_TRUSTED_PROXIES ? env.PARLEY_TRUSTED_PROXIES.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    ...securityFromEnv(env, num)
  })
