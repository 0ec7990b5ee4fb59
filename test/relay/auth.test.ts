import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient } from '../helpers/ws-client.js'

describe('agent login', () => {
  let relay: TestRelay
  beforeEach(async () => {
    relay = await startTestRelay()
  })
  afterEach(() => relay.close())

  it('sets an HttpOnly SameSite=Strict session cookie on login', async () => {
    await relay.agent('Alice')
    const res = await relay.app.inject({ method: 'POST', url: '/api/login', payload: { email: 'alice@example.com', password: 'correct horse battery' } })
    expect(res.statusCode).toBe(200)
    expect(res.json().me).toMatchObject({ email: 'alice@example.com', role: 'agent' })
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).toMatch(/parley_session=/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Strict/)
  })

  it('refuses a wrong password with 401', async () => {
    await relay.agent('Alice')
    const res = await relay.app.inject({ method: 'POST', url: '/api/login', payload: { email: 'alice@example.com', password: 'wrong password' } })
    expect(res.statusCode).toBe(401)
    expect(res.json()).toEqual({ code: 'unauthorized', message: 'Wrong email or password' })
  })

  it('refuses a malformed login body with a clear error', async () => {
    const res = await relay.app.inject({ method: 'POST', url: '/api/login', payload: { email: 42 } })
    expect(res.statusCode).toBe(400)
    expect(res.json().code).toBe('bad_frame')
  })

  it('answers /api/me only with a live session, and not after logout', async () => {
    const { cookie } = await relay.agent('Alice')
    expect((await relay.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200)
    await relay.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie } })
    expect((await relay.app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401)
  })

  it('refuses the agent socket without a valid cookie', async () => {
    await expect(connectClient(relay.wsUrl + '/ws/agent')).rejects.toThrow(/401/)
    await expect(connectClient(relay.wsUrl + '/ws/agent', { cookie: 'parley_session=forged' })).rejects.toThrow(/401/)
  })

  it('stores passwords as scrypt hashes, never in clear', async () => {
    const { email, password } = await relay.agent('Alice')
    const stored = await relay.app.parley.store.getAgentByEmail(email)
    expect(stored!.passwordHash).toMatch(/^scrypt\$/)
    expect(stored!.passwordHash).not.toContain(password)
  })
})

describe('http', () => {
  let relay: TestRelay
  beforeEach(async () => {
    relay = await startTestRelay()
  })
  afterEach(() => relay.close())

  it('answers the health check', async () => {
    const res = await relay.app.inject({ url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', store: 'ok', bus: 'none' })
  })
})
