import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

// scrypt parameters: N=2^15, r=8, p=3 (32 MiB, about 150 ms here). OWASP's Password Storage Cheat
// Sheet sets the minimum at N=2^17, r=8, p=1 and lists equal-cost alternatives for less memory;
// N=2^15, r=8, p=3 is one of them, chosen to keep 32 MiB per login on small machines. Hashes made
// with other parameters (p=1 before) still verify: each stores its own.
const N = 1 << 15
const R = 8
const P = 3
const KEY_BYTES = 32

const derive = (password: string, salt: Buffer, o: ScryptOptions, bytes: number): Promise<Buffer> =>
  new Promise((ok, fail) => scrypt(password.normalize('NFKC'), salt, bytes, { ...o, maxmem: 64 * 1024 * 1024 }, (e, k) => (e ? fail(e) : ok(k))))

/** Hashes a password as `scrypt$N$r$p$salt$key` (base64url). */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16)
  const key = await derive(password, salt, { N, r: R, p: P }, KEY_BYTES)
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$')
}

/** Checks a password against a stored hash in constant time. False for any malformed hash. */
export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [alg, n, r, p, salt, key] = stored.split('$')
  if (alg !== 'scrypt' || !salt || !key) return false
  const expected = Buffer.from(key, 'base64url')
  const got = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) }, expected.length)
  return got.length === expected.length && timingSafeEqual(got, expected)
}

/** A readable random password for the first admin (about 100 bits). */
export const generatePassword = (): string => randomBytes(15).toString('base64url').replace(/[-_]/g, 'x')
