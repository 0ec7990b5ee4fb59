// Webhook signatures in the Standard Webhooks scheme (standardwebhooks.com), so a receiver can refuse
// a delivery that was tampered with, is old, or was already seen (a replay):
//   webhook-id:        the message id, the same on every retry of one event (receivers dedupe on it)
//   webhook-timestamp: seconds since the epoch when this attempt was signed
//   webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">
// keyed with the base64-decoded part of a `whsec_…` secret.
import { createHmac, timingSafeEqual } from 'node:crypto'

/** The secret's key bytes: the base64 after `whsec_`. */
const keyOf = (secret: string): Buffer => Buffer.from(secret.replace(/^whsec_/, ''), 'base64')

/** The three headers of one signed delivery. `timestampSec` is seconds since the epoch. */
export const webhookHeaders = (secret: string, id: string, timestampSec: number, body: string): Record<string, string> => ({
  'webhook-id': id,
  'webhook-timestamp': String(timestampSec),
  'webhook-signature': 'v1,' + createHmac('sha256', keyOf(secret)).update(`${id}.${timestampSec}.${body}`).digest('base64')
})

/** Why a delivery is refused, or null when it verifies. `toleranceSec`: how old (or early) a timestamp may be (default 5 min). */
export const webhookProblem = (
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  nowSec: number,
  toleranceSec = 300
): string | null => {
  const [id, ts, sigs] = ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => headers[h])
  if (typeof id !== 'string' || typeof ts !== 'string' || typeof sigs !== 'string') return 'missing webhook headers'
  const at = Number(ts)
  if (!/^\d{1,12}$/.test(ts) || Math.abs(nowSec - at) > toleranceSec) return 'timestamp outside the tolerance'
  const expected = Buffer.from(webhookHeaders(secret, id, at, body)['webhook-signature']!.slice(3), 'base64')
  // Several space-separated signatures may be sent while a secret is being rotated.
  const ok = sigs.split(' ').some((s) => {
    const [v, b64] = s.split(',')
    const got = Buffer.from(b64 ?? '', 'base64')
    return v === 'v1' && got.length === expected.length && timingSafeEqual(got, expected)
  })
  return ok ? null : 'signature does not match'
}
