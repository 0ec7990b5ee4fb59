// Validation and environment variables of the reliability and security keys of RelayConfig, kept
// beside the code they configure so config.ts stays one readable defaults object.
import type { RelayConfig } from '../config.js'
import { parseOriginPattern } from './origin.js'

type SecurityKeys =
  | 'allowedOrigins'
  | 'identitySecret'
  | 'maxSendBufferBytes'
  | 'maxFramesPerSecond'
  | 'maxFramesPerSecondPerIp'
  | 'maxNewChatsPerMinutePerIp'
  | 'maxSocketsPerIp'
  | 'maxQueueLength'
  | 'maxUploadBytes'
  | 'maxImagePixels'
  | 'maxImageSidePx'
  | 'maxUploadsPerMinutePerIp'
  | 'maxLoginsPerMinutePerIp'
  | 'lockoutFailures'
  | 'lockoutMs'
  | 'retentionDays'
  | 'retentionSweepMs'
  | 'shutdownGraceMs'

/** Environment variable of each numeric key (README, "Security and limits"). */
export const SECURITY_ENV = {
  maxSendBufferBytes: 'PARLEY_MAX_SEND_BUFFER_BYTES',
  maxFramesPerSecond: 'PARLEY_MAX_FRAMES_PER_SECOND',
  maxFramesPerSecondPerIp: 'PARLEY_MAX_FRAMES_PER_SECOND_PER_IP',
  maxNewChatsPerMinutePerIp: 'PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP',
  maxSocketsPerIp: 'PARLEY_MAX_SOCKETS_PER_IP',
  maxQueueLength: 'PARLEY_MAX_QUEUE_LENGTH',
  maxUploadBytes: 'PARLEY_MAX_UPLOAD_BYTES',
  maxImagePixels: 'PARLEY_MAX_IMAGE_PIXELS',
  maxImageSidePx: 'PARLEY_MAX_IMAGE_SIDE_PX',
  maxUploadsPerMinutePerIp: 'PARLEY_MAX_UPLOADS_PER_MINUTE_PER_IP',
  maxLoginsPerMinutePerIp: 'PARLEY_MAX_LOGINS_PER_MINUTE_PER_IP',
  lockoutFailures: 'PARLEY_LOCKOUT_FAILURES',
  lockoutMs: 'PARLEY_LOCKOUT_MS',
  retentionDays: 'PARLEY_RETENTION_DAYS',
  retentionSweepMs: 'PARLEY_RETENTION_SWEEP_MS',
  shutdownGraceMs: 'PARLEY_SHUTDOWN_GRACE_MS'
} as const satisfies Partial<Record<SecurityKeys, string>>

const integer = (c: RelayConfig, key: keyof typeof SECURITY_ENV, min: number, max: number): void => {
  const v = c[key]
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new Error(`config ${key} must be an integer from ${min} to ${max}, got ${String(v)}`)
}

/** Checks the reliability and security keys of `c` (already merged onto the defaults). Throws on a bad value. */
export const checkSecurity = (c: RelayConfig): void => {
  const MiB = 1024 * 1024
  integer(c, 'maxSendBufferBytes', 16 * 1024, 256 * MiB)
  integer(c, 'maxFramesPerSecond', 1, 100_000)
  integer(c, 'maxFramesPerSecondPerIp', 1, 1_000_000)
  integer(c, 'maxNewChatsPerMinutePerIp', 1, 1_000_000)
  integer(c, 'maxSocketsPerIp', 1, 1_000_000)
  integer(c, 'maxQueueLength', 1, 1_000_000)
  // Uploads are held in memory while they are checked: keep them well below the heap.
  integer(c, 'maxUploadBytes', 1024, 64 * MiB)
  integer(c, 'maxImagePixels', 1, 1_000_000_000)
  integer(c, 'maxImageSidePx', 1, 65_535)
  integer(c, 'maxUploadsPerMinutePerIp', 1, 1_000_000)
  integer(c, 'maxLoginsPerMinutePerIp', 1, 1_000_000)
  integer(c, 'lockoutFailures', 1, 1000)
  integer(c, 'lockoutMs', 1, 365 * 24 * 3600_000)
  integer(c, 'retentionDays', 0, 100 * 365)
  integer(c, 'retentionSweepMs', 1000, 7 * 24 * 3600_000)
  integer(c, 'shutdownGraceMs', 1, 60_000)
  if (!Array.isArray(c.allowedOrigins)) throw new Error('config allowedOrigins must be a list')
  for (const o of c.allowedOrigins) parseOriginPattern(o)
  if (typeof c.identitySecret !== 'string') throw new Error('config identitySecret must be a string')
  // A short key can be brute-forced offline from one valid (id, hash) pair.
  if (c.identitySecret && c.identitySecret.length < 16) throw new Error('config identitySecret must be at least 16 characters')
}

/** The reliability and security keys read from environment variables; unset ones stay undefined. */
export const securityFromEnv = (
  env: NodeJS.ProcessEnv,
  num: (v: string | undefined, name: string) => number | undefined
): Partial<Pick<RelayConfig, SecurityKeys>> => {
  const out: Partial<Record<SecurityKeys, unknown>> = {}
  for (const [key, name] of Object.entries(SECURITY_ENV)) out[key as SecurityKeys] = num(env[name], name)
  if (env.PARLEY_ALLOWED_ORIGINS) out.allowedOrigins = env.PARLEY_ALLOWED_ORIGINS.split(',').map((s) => s.trim()).filter(Boolean)
  if (env.PARLEY_IDENTITY_SECRET) out.identitySecret = env.PARLEY_IDENTITY_SECRET
  return out as Partial<Pick<RelayConfig, SecurityKeys>>
}
