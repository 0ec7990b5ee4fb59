// Identity claims. A site that knows who its visitor is (a logged-in customer) passes their user id
// and `hex(HMAC-SHA256(identitySecret, userId))`, computed on its server; without the secret a
// visitor cannot claim to be someone else. Verified in constant time.
import { createHmac, timingSafeEqual } from 'node:crypto'

/** The hash a site's server computes for `userId`: lowercase hex HMAC-SHA256 keyed with `secret`. */
export const identityHash = (userId: string, secret: string): string => createHmac('sha256', secret).update(userId, 'utf8').digest('hex')

/** Whether `hash` proves `userId` under `secret`. Always false with an empty secret or a malformed hash. */
export const verifyIdentity = (userId: string, hash: string, secret: string): boolean => {
  if (!secret || typeof userId !== 'string' || typeof hash !== 'string' || !/^[0-9a-f]{64}$/i.test(hash)) return false
  const expected = createHmac('sha256', secret).update(userId, 'utf8').digest()
  // Both sides are 32 bytes here, so timingSafeEqual never throws and leaks nothing about where they differ.
  return timingSafeEqual(expected, Buffer.from(hash, 'hex'))
}
