// Regression: forty connections sending their headers a byte at a time were all still open after
// 5 s (Node's defaults: 60 s for headers, checked every 30 s). The relay now cuts them off.
import { connect, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

/** Opens a raw TCP connection and writes `head`, then one byte of `drip` every 20 ms until the relay closes it. */
const slowClient = (port: number, head: string, drip: string) =>
  new Promise<{ answer: string; bytesSent: number }>((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1')
    let answer = ''
    let sent = 0
    let timer: NodeJS.Timeout | undefined
    socket.on('connect', () => {
      socket.write(head)
      timer = setInterval(() => {
        // The drip never ends on its own: only the relay can end this client.
        if (!socket.destroyed) socket.write(drip[sent++ % drip.length]!)
      }, 20)
    })
    socket.on('data', (d) => (answer += d.toString('latin1')))
    socket.on('error', (err) =>
      (err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(err)
    )
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ answer, bytesSent: sent })
    })
  })

describe('slow clients', () => {
  let relay: TestRelay
  afterEach(() => relay.close())

  it('cuts off forty slowloris clients that send their headers a byte at a time, and still serves others', async () => {
    relay = await startTestRelay({ headersTimeoutMs: 600, requestTimeoutMs: 1200 })
    const port = Number(new URL(relay.url).port)
    const clients = Array.from({ length: 40 }, () => slowClient(port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: aaaaaaaaaaaaaaaaaaaa\r\n'))
    const results = await Promise.all(clients)
    for (const r of results) expect(r.answer.startsWith('HTTP/1.1 408') || r.answer === '').toBe(true)
    expect((await fetch(relay.url + '/api/me')).status).toBe(401)
  })

  it('cuts off a client that sends its headers in time but its body a byte at a time', async () => {
    relay = await startTestRelay({ headersTimeoutMs: 600, requestTimeoutMs: 1200 })
    const port = Number(new URL(relay.url).port)
    const head = `POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n`
    const r = await slowClient(port, head, '{"email":"')
    expect(r.answer === '' || r.answer.startsWith('HTTP/1.1 408')).toBe(true)
  })

  it('leaves WebSockets open past the request timeout: it bounds the upgrade request only', async () => {
    relay = await startTestRelay({ headersTimeoutMs: 200, requestTimeoutMs: 300, heartbeatMs: 60_000 })
    const { client } = await relay.customerSocket()
    // Several request timeouts later, the socket still answers.
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 300))
      client.send({ type: 'ping' })
      await client.next('pong')
    }
  })
})
