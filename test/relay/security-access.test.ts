import { createHmac } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE } from '../../protocol/index.js'
import type { RelayConfig } from '../../relay/index.js'
import { identityHash, verifyIdentity } from '../../relay/security/identity.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient } from '../helpers/ws-client.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('agent access', () => {
  let relay: TestRelay
  const start = async (overrides: Partial<RelayConfig> = {}) => (relay = await startTestRelay(overrides))
  afterEach(() => relay.close())

  const login = (email: string, password: string) => relay.app.inject({ method: 'POST', url: '/api/login', payload: { email, password } })

  // Each of these checks several scrypt passwords (about 100 ms each, many times that on a loaded machine).
  it('locks an email after repeated failed logins, even for the right password, and only that email', { timeout: 60_000 }, async () => {
    await start({ lockoutFailures: 3, lockoutMs: 60_000 })
    const alice = await relay.agent('Alice')
    const bob = await relay.agent('Bob')
    for (let i = 0; i < 3; i++) expect((await login(alice.email, 'wrong password')).statusCode).toBe(401)
    const locked = await login(alice.email, alice.password)
    expect(locked.statusCode).toBe(429)
    expect(locked.json().code).toBe('rate_limited')
    // The email is locked however it is spelt.
    expect((await login(' ALICE@example.com ', alice.password)).statusCode).toBe(429)
    expect((await login(bob.email, bob.password)).statusCode).toBe(200)
  })

  it('unlocks the email after lockoutMs', { timeout: 60_000 }, async () => {
    // Long enough that two scrypt verifications on a busy machine stay inside the window.
    await start({ lockoutFailures: 2, lockoutMs: 3000 })
    const alice = await relay.agent('Alice')
    for (let i = 0; i < 2; i++) await login(alice.email, 'wrong password')
    expect((await login(alice.email, alice.password)).statusCode).toBe(429)
    await sleep(3100)
    expect((await login(alice.email, alice.password)).statusCode).toBe(200)
  })

  it('limits login attempts per IP address whatever the email', async () => {
    await start({ maxLoginsPerMinutePerIp: 3 })
    for (let i = 0; i < 3; i++) expect((await login(`nobody${i}@example.com`, 'guess')).statusCode).toBe(401)
    const limited = await login('someone@example.com', 'guess')
    expect(limited.statusCode).toBe(429)
    expect(limited.json().code).toBe('rate_limited')
  })

  it('closes the sockets of a session at once when it logs out, and leaves the agent’s other sessions open', async () => {
    await start()
    const alice = await relay.agent('Alice')
    const laptop = await relay.agentSocket(alice.cookie)
    const phoneCookie = await relay.login(alice.email, alice.password)
    const phone = await relay.agentSocket(phoneCookie)
    await relay.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: alice.cookie } })
    expect((await laptop.client.closed).code).toBe(CLOSE.unauthorized)
    phone.client.send({ type: 'status', on: true })
    expect((await phone.client.next('me')).me.on).toBe(true)
  })

  it('closes a socket whose session was revoked before it said hello', async () => {
    await start()
    const alice = await relay.agent('Alice')
    const early = await connectClient(relay.wsUrl + '/ws/agent', { cookie: alice.cookie })
    await relay.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: alice.cookie } })
    expect((await early.closed).code).toBe(CLOSE.unauthorized)
  })

  it('changes the password only with the current one, ends every session and socket, and keeps this browser logged in', { timeout: 60_000 }, async () => {
    await start()
    const alice = await relay.agent('Alice')
    const other = await relay.login(alice.email, alice.password)
    const a = await relay.agentSocket(alice.cookie)
    const b = await relay.agentSocket(other)
    const change = (current: string, next: string) =>
      relay.app.inject({ method: 'POST', url: '/api/password', headers: { cookie: alice.cookie }, payload: { current, next } })
    expect((await change('not it', 'a new long password')).statusCode).toBe(401)
    expect((await change(alice.password, 'short')).statusCode).toBe(400)
    const res = await change(alice.password, 'a new long password')
    expect(res.statusCode).toBe(200)
    expect((await a.client.closed).code).toBe(CLOSE.unauthorized)
    expect((await b.client.closed).code).toBe(CLOSE.unauthorized)
    for (const cookie of [alice.cookie, other]) expect((await relay.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401)
    const fresh = String(res.headers['set-cookie']).split(';')[0]!
    expect((await relay.app.inject({ url: '/api/me', headers: { cookie: fresh } })).statusCode).toBe(200)
    expect((await login(alice.email, alice.password)).statusCode).toBe(401)
    expect((await login(alice.email, 'a new long password')).statusCode).toBe(200)
  })

  it('logs an agent out everywhere on request', async () => {
    await start()
    const alice = await relay.agent('Alice')
    const other = await relay.login(alice.email, alice.password)
    const socket = await relay.agentSocket(other)
    const res = await relay.app.inject({ method: 'POST', url: '/api/sessions/revoke', headers: { cookie: alice.cookie } })
    expect(res.statusCode).toBe(204)
    expect((await socket.client.closed).code).toBe(CLOSE.unauthorized)
    for (const cookie of [alice.cookie, other]) expect((await relay.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401)
  })

  it('closes an agent socket when its session expires', async () => {
    await start({ sessionTtlMs: 1500 })
    const alice = await relay.agent('Alice')
    const { client } = await relay.agentSocket(alice.cookie)
    expect((await client.closed).code).toBe(CLOSE.unauthorized)
    expect((await relay.app.inject({ url: '/api/me', headers: { cookie: alice.cookie } })).statusCode).toBe(401)
  })

  it('enforces roles: an agent is refused the admin routes an admin may use', async () => {
    await start()
    const agent = await relay.agent('Alice')
    const admin = await relay.agent('Root', { role: 'admin' })
    const list = (cookie: string) => relay.app.inject({ url: '/api/agents', headers: { cookie } })
    expect((await list(agent.cookie)).statusCode).toBe(403)
    expect((await list(admin.cookie)).statusCode).toBe(200)
    expect((await relay.app.inject({ url: '/api/agents' })).statusCode).toBe(401)
  })
})

describe('identity claims', () => {
  const secret = 'a-long-identity-secret-0123456789'

  it('accepts the hex HMAC-SHA256 of the user id under the secret', () => {
    const hash = createHmac('sha256', secret).update('user-42').digest('hex')
    expect(identityHash('user-42', secret)).toBe(hash)
    expect(verifyIdentity('user-42', hash, secret)).toBe(true)
    expect(verifyIdentity('user-42', hash.toUpperCase(), secret)).toBe(true)
  })

  it('refuses another user id, another secret, a truncated or non-hex hash, and every claim without a secret', () => {
    const hash = identityHash('user-42', secret)
    expect(verifyIdentity('user-43', hash, secret)).toBe(false)
    expect(verifyIdentity('user-42', identityHash('user-42', secret + 'x'), secret)).toBe(false)
    expect(verifyIdentity('user-42', hash.slice(0, 63), secret)).toBe(false)
    expect(verifyIdentity('user-42', hash.slice(0, 62) + 'zz', secret)).toBe(false)
    expect(verifyIdentity('user-42', '', secret)).toBe(false)
    expect(verifyIdentity('user-42', hash, '')).toBe(false)
    expect(verifyIdentity('user-42', identityHash('user-42', ''), '')).toBe(false)
  })
})
