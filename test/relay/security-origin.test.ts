import { afterEach, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../../protocol/index.js'
import type { RelayConfig } from '../../relay/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient } from '../helpers/ws-client.js'

describe('Origin checks', () => {
  let relay: TestRelay
  const start = async (overrides: Partial<RelayConfig> = {}) => (relay = await startTestRelay(overrides))
  afterEach(() => relay.close())

  const own = () => relay.url

  it('refuses the agent socket from another site with 403 before the upgrade (no cross-site WebSocket hijacking)', async () => {
    await start()
    const { cookie } = await relay.agent('Alice')
    await expect(connectClient(relay.wsUrl + '/ws/agent', { cookie, origin: 'https://evil.example' })).rejects.toThrow(/403/)
    // Even an origin on the customer allow-list may not use the agent's cookie.
    await expect(connectClient(relay.wsUrl + '/ws/agent', { cookie, origin: 'http://localhost:1' })).rejects.toThrow(/403/)
    const mine = await connectClient(relay.wsUrl + '/ws/agent', { cookie, origin: own() })
    mine.send({ type: 'hello', v: PROTOCOL_VERSION })
    expect((await mine.next('welcome')).me.name).toBe('Alice')
  })

  it('lets the customer socket be opened only from the relay itself by default', async () => {
    await start()
    await expect(connectClient(relay.wsUrl + '/ws/customer', { origin: 'https://shop.example' })).rejects.toThrow(/403/)
    const mine = await connectClient(relay.wsUrl + '/ws/customer', { origin: own() })
    mine.send({ type: 'hello', v: PROTOCOL_VERSION })
    await mine.next('welcome')
  })

  it('lets the customer socket be opened from the configured origins, subdomain patterns included', async () => {
    await start({ allowedOrigins: ['https://shop.example', 'https://*.brand.example', 'http://localhost:5173'] })
    for (const origin of ['https://shop.example', 'https://eu.brand.example', 'https://a.b.brand.example', 'http://localhost:5173', own()]) {
      const c = await connectClient(relay.wsUrl + '/ws/customer', { origin })
      c.send({ type: 'hello', v: PROTOCOL_VERSION })
      await c.next('welcome')
      c.close()
    }
    for (const origin of [
      'https://evil.example',
      'http://shop.example',
      'https://shop.example:8443',
      'https://brand.example.evil.example',
      'https://evilbrand.example',
      'http://localhost:5174',
      'null'
    ])
      await expect(connectClient(relay.wsUrl + '/ws/customer', { origin }), origin).rejects.toThrow(/403/)
  })

  it('accepts any site when allowedOrigins is *', async () => {
    await start({ allowedOrigins: ['*'] })
    const c = await connectClient(relay.wsUrl + '/ws/customer', { origin: 'https://anyone.example' })
    c.send({ type: 'hello', v: PROTOCOL_VERSION })
    await c.next('welcome')
  })

  it('refuses every state-changing request from another site (no CSRF), and allows the relay’s own pages', async () => {
    await start()
    const { email, password, cookie } = await relay.agent('Alice')
    const post = (url: string, headers: Record<string, string>, body?: object) =>
      fetch(relay.url + url, {
        method: 'POST',
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body ? { body: JSON.stringify(body) } : {})
      })
    for (const url of ['/api/login', '/api/logout', '/api/password', '/api/sessions/revoke']) {
      const res = await post(url, { origin: 'https://evil.example', cookie }, { email, password })
      expect(res.status, url).toBe(403)
      expect((await res.json()).code).toBe('forbidden')
    }
    // Browsers that do not send Origin still send Sec-Fetch-Site.
    expect((await post('/api/logout', { 'sec-fetch-site': 'cross-site', cookie })).status).toBe(403)
    // The session survived all of that.
    expect((await fetch(relay.url + '/api/me', { headers: { cookie } })).status).toBe(200)
    expect((await post('/api/login', { origin: own() }, { email, password })).status).toBe(200)
    expect((await post('/api/logout', { origin: own(), 'sec-fetch-site': 'same-origin', cookie })).status).toBe(204)
  })

  it('takes the relay’s own origin from publicUrl when it is set', async () => {
    await start({ publicUrl: 'https://chat.example.com' })
    const { cookie } = await relay.agent('Alice')
    await expect(connectClient(relay.wsUrl + '/ws/agent', { cookie, origin: relay.url })).rejects.toThrow(/403/)
    const c = await connectClient(relay.wsUrl + '/ws/agent', { cookie, origin: 'https://chat.example.com' })
    c.send({ type: 'hello', v: PROTOCOL_VERSION })
    await c.next('welcome')
  })
})
