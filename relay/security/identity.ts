// Identity claims. A site that knows who its visitor is (a logged-in customer) proves it with one of
// two things its server makes with the identity secret, so a visitor cannot claim to be someone else:
//   - `hash`: hex HMAC-SHA256 of the user id. It proves the id and nothing else: a real user could
//     send someone else's name and email beside their own valid hash.
//   - `token`: an HS256 JWT (jose) whose `sub`, `name` and `email` are the claims; each one it
//     carries is proven, and they replace the plain fields sent beside it.
// Whatever is not proven is kept as the customer's own words and shown without the mark.
import { createHmac, timingSafeEqual } from 'node:crypto'
import { jwtVerify } from 'jose'
import { CLAIMS, isEmail, type Claim } from '../../protocol/index.js'

/** The hash a site's server computes for `userId`: lowercase hex HMAC-SHA256 keyed with `secret`. */
export const identityHash = (userId: string, secret: string): string => createHmac('sha256', secret).update(userId, 'utf8').digest('hex')

/** Whether `hash` proves `userId` under `secret`. Always false with an empty secret or a malformed hash. */
export const verifyIdentity = (userId: string, hash: string, secret: string): boolean => {
  if (!secret || typeof userId !== 'string' || typeof hash !== 'string' || !/^[0-9a-f]{64}$/i.test(hash)) return false
  const expected = createHmac('sha256', secret).update(userId, 'utf8').digest()
  // Both sides are 32 bytes here, so timingSafeEqual never throws and leaks nothing about where they differ.
  return timingSafeEqual(expected, Buffer.from(hash, 'hex'))
}

/** What identify() sends. */
export interface IdentityClaim {
  id?: string
  name?: string
  email?: string
  hash?: string
  token?: string
}

/** The identity to store: the values, and which of them were proven. */
export interface CheckedIdentity {
  id?: string
  name?: string
  email?: string
  verified: Claim[]
}

/** Clock skew tolerated on a token's `exp`/`nbf`/`iat`, seconds. */
const CLOCK_TOLERANCE_SEC = 60

const claimText = (v: unknown, max: number): string | undefined => (typeof v === 'string' && v.length > 0 && v.length <= max ? v : undefined)

/** Checks a claim's proofs against `secret`; never throws (a bad proof just proves nothing). */
export const checkIdentity = async (claim: IdentityClaim, secret: string): Promise<CheckedIdentity> => {
  const plain = {
    ...(claim.id !== undefined ? { id: claim.id } : {}),
    ...(claim.name !== undefined ? { name: claim.name } : {}),
    ...(claim.email !== undefined ? { email: claim.email } : {})
  }
  if (claim.token && secret) {
    try {
      const { payload } = await jwtVerify(claim.token, new TextEncoder().encode(secret), { algorithms: ['HS256'], clockTolerance: CLOCK_TOLERANCE_SEC })
      const email = claimText(payload.email, 320)
      const proven = {
        ...(claimText(payload.sub, 200) ? { id: payload.sub } : {}),
        ...(claimText(payload.name, 200) ? { name: payload.name as string } : {}),
        ...(email && isEmail(email) ? { email } : {})
      }
      return { ...plain, ...proven, verified: CLAIMS.filter((c) => c in proven) }
    } catch {
      // Expired, forged or malformed: the plain fields stand, unproven.
    }
  }
  const idProven = !!(claim.id && claim.hash && verifyIdentity(claim.id, claim.hash, secret))
  return { ...plain, verified: idProven ? ['id'] : [] }
}

const BIT: Record<Claim, number> = { id: 1, name: 2, email: 4 }

/** The proven claims as the small integer stores keep (1 id, 2 name, 4 email; 1 is what an HMAC proved before tokens existed). */
export const encodeVerified = (claims: readonly Claim[]): number => claims.reduce((n, c) => n | BIT[c], 0)

/** The stored integer back as claims. */
export const decodeVerified = (n: number): Claim[] => CLAIMS.filter((c) => (n & BIT[c]) !== 0)
