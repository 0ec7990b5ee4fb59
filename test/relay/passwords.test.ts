// Regression: passwords.ts misstated OWASP's scrypt minimum (and used less). Hashes now meet an
// OWASP-listed configuration, and hashes made before still verify.
import { scryptSync, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { hashPassword, verifyPassword } from '../../relay/passwords.js'

describe('password hashes', () => {
  it('use scrypt with N=2^15, r=8, p=3, a configuration OWASP lists as equal to its minimum', async () => {
    const [alg, n, r, p] = (await hashPassword('correct horse battery')).split('$')
    expect([alg, Number(n), Number(r), Number(p)]).toEqual(['scrypt', 2 ** 15, 8, 3])
  })

  it('still verify hashes made with the earlier p=1, and refuse a wrong password', async () => {
    const salt = randomBytes(16)
    const key = scryptSync('old password', salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 })
    const stored = ['scrypt', 2 ** 15, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
    expect(await verifyPassword('old password', stored)).toBe(true)
    expect(await verifyPassword('old passwore', stored)).toBe(false)
  })
})
