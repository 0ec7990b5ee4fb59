// Regression: origins an admin saved in the console's site settings were never enforced; only
// PARLEY_ALLOWED_ORIGINS was checked, so the README's way of adding a site left its widget at 403.
import { afterEach, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../../protocol/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient } from '../helpers/ws-client.js'

describe('origins saved in the console', () => {
  let relay: TestRelay
  afterEach(() => relay.close())

  const saveOrigins = async (cookie: string, allowedOrigins: string[]) => {
    const res = await fetch(relay.url + '/api/site', {
      method: 'PUT',
      headers: { cookie, origin: relay.url, 'content-type': 'application/json' },
      body: JSON.stringify({ allowedOrigins, widgetTitle: 'Chat with us', widgetColor: '#0b5fff', greeting: '' })
    })
    return { status: res.status, body: await res.json() }
  }
  const opensSocket = async (origin: string) => {
    try {
      const c = await connectClient(relay.wsUrl + '/ws/customer', { origin })
      c.send({ type: 'hello', v: PROTOCOL_VERSION })
      await c.next('welcome')
      c.close()
      return true
    } catch (e) {
      if (/403/.test(String(e))) return false
      throw e
    }
  }
  const preflight = (origin: string) => fetch(relay.url + '/api/uploads', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } })
  // An unknown token is refused with 401 only once the origin has passed; a refused origin gets 403.
  const upload = (origin: string) =>
    fetch(relay.url + '/api/uploads', {
      method: 'POST',
      headers: { origin, 'content-type': 'image/png', 'x-parley-token': 'x'.repeat(32) },
      body: new Uint8Array([1])
    })

  it('enforces origins saved in the console at once, beside PARLEY_ALLOWED_ORIGINS, for the customer socket, uploads and CORS', async () => {
    relay = await startTestRelay({ allowedOrigins: ['https://env.example'] })
    const { cookie } = await relay.agent('Ada', { role: 'admin' })
    expect(await opensSocket('https://shop.example')).toBe(false)
    expect((await preflight('https://shop.example')).status).toBe(403)
    expect((await upload('https://shop.example')).status).toBe(403)

    expect((await saveOrigins(cookie, ['https://shop.example', 'https://*.brand.example'])).status).toBe(200)
    // No restart: the next request sees the saved list, and the environment's list still counts.
    for (const origin of ['https://shop.example', 'https://eu.brand.example', 'https://env.example']) {
      expect(await opensSocket(origin), origin).toBe(true)
      const pre = await preflight(origin)
      expect(pre.status, origin).toBe(204)
      expect(pre.headers.get('access-control-allow-origin')).toBe(origin)
      const up = await upload(origin)
      expect(up.status, origin).toBe(401)
      expect(up.headers.get('access-control-allow-origin')).toBe(origin)
    }
    expect(await opensSocket('https://evil.example')).toBe(false)

    // Removing it takes effect at once too.
    await saveOrigins(cookie, [])
    expect(await opensSocket('https://shop.example')).toBe(false)
    expect((await upload('https://shop.example')).status).toBe(403)
    expect(await opensSocket('https://env.example')).toBe(true)
  })

  it('refuses to save an origin the relay could not match', async () => {
    relay = await startTestRelay()
    const { cookie } = await relay.agent('Ada', { role: 'admin' })
    const res = await saveOrigins(cookie, ['https://shop_example'])
    expect(res.status).toBe(400)
    expect(res.body.message).toContain('https://shop_example')
  })
})
