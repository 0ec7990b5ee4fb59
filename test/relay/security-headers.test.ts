import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../../protocol/index.js'
import { png } from '../helpers/images.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient } from '../helpers/ws-client.js'

describe('security headers and logs', () => {
  let relay: TestRelay
  let files: string
  const logs: string[] = []
  beforeAll(async () => {
    // The built console, widget and demo shop, in miniature.
    files = mkdtempSync(join(tmpdir(), 'parley-files-'))
    mkdirSync(join(files, 'dist', 'console'), { recursive: true })
    mkdirSync(join(files, 'demo'), { recursive: true })
    writeFileSync(join(files, 'dist', 'console', 'index.html'), '<!doctype html><script type="module" src="./app.js"></script>')
    writeFileSync(join(files, 'dist', 'parley.js'), 'console.log("widget")')
    writeFileSync(join(files, 'demo', 'index.html'), '<!doctype html><link rel="stylesheet" href="shop.css"><script src="/parley.js" async></script>')
    writeFileSync(join(files, 'demo', 'shop.css'), 'body{}')
    const stream = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk))
        done()
      }
    })
    relay = await startTestRelay(
      { distDir: join(files, 'dist'), demoDir: join(files, 'demo') },
      // Everything the relay logs, at the most talkative level.
      { logger: { level: 'trace', stream, redact: ['req.headers.cookie', 'req.headers["x-parley-token"]'] } }
    )
  })
  afterAll(async () => {
    await relay.close()
    rmSync(files, { recursive: true, force: true })
  })

  const csp = (res: Response) => res.headers.get('content-security-policy') ?? ''

  it('gives the console a strict CSP: own scripts, styles and connections only, no inline code, never framed', async () => {
    const res = await fetch(relay.url + '/console/')
    expect(res.status).toBe(200)
    const policy = csp(res)
    expect(policy).toContain("default-src 'self'")
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("style-src 'self'")
    expect(policy).toContain("img-src 'self' blob: data:")
    // Its own WebSocket origins spelt out for engines where 'self' does not cover ws: and wss:.
    const host = new URL(relay.url).host
    expect(policy).toContain(`connect-src 'self' ws://${host} wss://${host}`)
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain("object-src 'none'")
    expect(policy).not.toContain('unsafe-inline')
    expect(policy).not.toContain('unsafe-eval')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin')
  })

  it('gives the API the same headers', async () => {
    const res = await fetch(relay.url + '/api/me')
    expect(res.status).toBe(401)
    expect(csp(res)).toContain("frame-ancestors 'none'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('lets any site embed /parley.js', async () => {
    const res = await fetch(relay.url + '/parley.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('leaves the demo shop’s page and stylesheet to its own policy, so it keeps loading the widget', async () => {
    for (const path of ['/', '/shop.css']) {
      const res = await fetch(relay.url + path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-security-policy')).toBeNull()
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
  })

  it('never writes passwords, session cookies or visitor tokens into its logs', async () => {
    const { email, password, cookie } = await relay.agent('Alice Logger', { password: 'a very secret password 123' })
    const { client: agent } = await relay.agentSocket(cookie)
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
    const { client: customer } = await relay.customerSocket()
    customer.send({ type: 'start', id: 'c1', parts: [{ type: 'text', text: 'hi' }] })
    const { token } = await customer.next('started')
    // The token also travels in a hello, an upload header and a failing request.
    const again = await connectClient(relay.wsUrl + '/ws/customer')
    again.send({ type: 'hello', v: PROTOCOL_VERSION, token })
    await again.next('welcome')
    await fetch(relay.url + '/api/uploads', {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-parley-token': token },
      body: new Uint8Array(png(1, 1))
    })
    await fetch(relay.url + '/api/uploads', {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-parley-token': token },
      body: new Uint8Array(Buffer.from('junk'))
    })
    await relay.app.inject({ method: 'POST', url: '/api/login', payload: { email, password: 'wrong ' + password } })
    await relay.app.inject({ method: 'POST', url: '/api/logout', headers: { cookie } })
    expect(logs.length).toBeGreaterThan(0)
    const all = logs.join('\n')
    const session = cookie.split('=')[1]!
    for (const secret of [password, session, token]) expect(all).not.toContain(secret)
  })
})
