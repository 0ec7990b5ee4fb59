// A fuzzer: many thousands of random and mutated frames at both sockets of a running relay, and
// random bodies at the upload route. Afterwards the relay must serve a normal chat, have logged no
// unexpected error (every bad frame got a clear code), and hold no more memory than a margin.
import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { PROTOCOL_VERSION } from '../../protocol/index.js'
import { gif, jpeg, png, webp } from '../helpers/images.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

/** mulberry32: seeded, so a failure names what reproduces it. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const KEYS = [
  'type',
  'v',
  'id',
  'parts',
  'text',
  'chatId',
  'token',
  'after',
  'on',
  'name',
  'email',
  'url',
  'title',
  'visitor',
  'mime',
  'width',
  'height',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty'
]
const TYPES = [
  'hello',
  'start',
  'send',
  'typing',
  'end',
  'sync',
  'page',
  'status',
  'accept',
  'identify',
  'attributes',
  'image',
  'text',
  'welcome',
  '__proto__',
  '',
  'HELLO'
]
const NUMBERS = [0, -0, -1, 1, 1.5, 2 ** 53, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, 5e-324, PROTOCOL_VERSION, 4294967296]
const STRINGS = [
  '',
  'a',
  'x'.repeat(70),
  'x'.repeat(25_000),
  '\u0000',
  '\ud800',
  '\udfff\ud800',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '💥'.repeat(100),
  'AAAAAAAAAAAAAAAAAAAAAA'
]

const gen = (random: () => number) => {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  const value = (depth: number): unknown => {
    const r = random()
    if (depth > 4 || r < 0.25) return pick(NUMBERS)
    if (r < 0.45) return pick(STRINGS)
    if (r < 0.55) return pick([true, false, null])
    if (r < 0.75) return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1))
    const o: Record<string, unknown> = {}
    for (let i = Math.floor(random() * 5); i > 0; i--)
      Object.defineProperty(o, pick(KEYS), { value: value(depth + 1), enumerable: true, configurable: true, writable: true })
    return o
  }
  const valid = (): Record<string, unknown> =>
    pick([
      { type: 'hello', v: PROTOCOL_VERSION },
      { type: 'start', id: 'f' + Math.floor(random() * 1e9), parts: [{ type: 'text', text: 'fuzz' }] },
      { type: 'send', id: 'f' + Math.floor(random() * 1e9), parts: [{ type: 'text', text: 'fuzz' }] },
      { type: 'send', chatId: 'AAAAAAAAAAAAAAAA', id: 'x', parts: [{ type: 'image', id: 'AAAAAAAAAAAAAAAAAAAAAA', mime: 'image/png', width: 1, height: 1 }] },
      { type: 'typing', on: true, text: 'draft' },
      { type: 'sync', after: 0 },
      { type: 'page', url: 'https://shop.example/', title: 't' },
      { type: 'accept', chatId: 'AAAAAAAAAAAAAAAA' },
      { type: 'status', on: random() < 0.5 },
      { type: 'end', chatId: 'AAAAAAAAAAAAAAAA' },
      { type: 'end' }
    ])
  /** One frame: text (most often JSON), or raw bytes. */
  return (): { data: string | Buffer; binary?: boolean } => {
    const r = random()
    if (r < 0.35) {
      const f = valid()
      const keys = Object.keys(f)
      for (let i = 1 + Math.floor(random() * 3); i > 0; i--) {
        const k = random() < 0.7 ? pick(keys) : pick(KEYS)
        if (random() < 0.2) delete f[k]
        else Object.defineProperty(f, k, { value: random() < 0.3 ? pick(TYPES) : value(0), enumerable: true, configurable: true, writable: true })
      }
      return { data: JSON.stringify(f) }
    }
    if (r < 0.55) return { data: JSON.stringify({ type: pick(TYPES), ...(value(0) as object) }) }
    if (r < 0.65) return { data: JSON.stringify(value(0)) }
    if (r < 0.72) {
      // Deep nesting; the longest are over the frame limit (1009).
      const n = 1 + Math.floor(random() * 14_000)
      return { data: pick(['[', '{"a":']).repeat(n) + pick([']', '}']).repeat(n) }
    }
    if (r < 0.77)
      return { data: `{"__proto__":{"isAdmin":true,"role":"admin"},"type":"${pick(TYPES)}","v":${PROTOCOL_VERSION},"constructor":{"prototype":{"x":1}}}` }
    if (r < 0.87) return { data: JSON.stringify(valid()).slice(0, Math.floor(random() * 30)) }
    if (r < 0.92) return { data: Buffer.from(Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256))), binary: true }
    // Invalid UTF-8 in a text frame: the relay must close the socket (1007), nothing worse.
    if (r < 0.94) return { data: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80, 0x22, 0x7d]), binary: false }
    return { data: String(pick([...NUMBERS, 'null', 'true', '"str"', '[]', '{}', 'NaN', 'undefined', ''])) }
  }
}

describe('a fuzzed relay', () => {
  let relay: TestRelay
  let cookie: string
  const errors: string[] = []
  beforeAll(async () => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        errors.push(String(chunk))
        done()
      }
    })
    relay = await startTestRelay(
      {
        maxFramesPerSecond: 100_000,
        maxFramesPerSecondPerIp: 1_000_000,
        maxSocketsPerIp: 10_000,
        maxNewChatsPerMinutePerIp: 1_000_000,
        maxUploadsPerMinutePerIp: 100_000,
        helloTimeoutMs: 2000
      },
      // Only errors are logged: anything here is a frame the relay did not expect.
      { logger: { level: 'error', stream } }
    )
    cookie = (await relay.agent('Fuzz Target')).cookie
  })
  afterAll(() => relay.close())

  /** Opens a socket, says hello (mostly), throws `count` frames at it, and waits until it is closed or done. */
  const barrage = (path: string, next: ReturnType<typeof gen>, count: number, hello: boolean, headers: Record<string, string>) =>
    new Promise<{ sent: number; answers: number; code: number }>((resolve) => {
      const ws = new WebSocket(relay.wsUrl + path, { headers })
      let sent = 0
      let answers = 0
      ws.on('message', () => answers++)
      ws.on('error', () => undefined)
      ws.on('close', (code) => resolve({ sent, answers, code }))
      ws.on('open', () => {
        if (hello) ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION }))
        for (let i = 0; i < count && ws.readyState === WebSocket.OPEN; i++) {
          const f = next()
          ws.send(f.data, { binary: f.binary ?? false })
          sent++
        }
        // Let the relay answer, then leave.
        setTimeout(() => ws.close(), 30)
      })
    })

  it('survives thousands of random and mutated frames on both sockets and still serves a normal chat', async () => {
    const before = process.memoryUsage()
    const random = prng(20_241_124)
    const next = gen(random)
    let frames = 0
    let answers = 0
    const codes = new Map<number, number>()
    // Most sockets are closed after ten bad frames (CLOSE.protocol), so many short barrages.
    for (let round = 0; round < 2000 && answers < 10_000; round++) {
      const runs = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          barrage(i % 2 ? '/ws/agent' : '/ws/customer', next, 5 + Math.floor(random() * 20), random() < 0.9, i % 2 ? { cookie } : {})
        )
      )
      for (const r of runs) {
        frames += r.sent
        answers += r.answers
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1)
      }
    }
    // Ten thousand of them reached the guards and were answered (bad_frame, other errors, acks…).
    expect(answers).toBeGreaterThanOrEqual(10_000)
    expect(frames).toBeGreaterThan(answers)
    // Sockets were closed for malformed frames (4000), bad UTF-8 (1007) and size (1009), not for crashes (1011).
    expect(codes.get(1011) ?? 0).toBe(0)
    expect(codes.get(4000) ?? 0).toBeGreaterThan(0)
    expect(codes.get(1007) ?? 0).toBeGreaterThan(0)
    expect(errors.join('')).toBe('')

    // Memory: the relay kept nothing of the barrage beyond what it stored (generous margin: the
    // test's own clients live in this process too).
    await new Promise((r) => setTimeout(r, 200))
    const after = process.memoryUsage()
    expect(after.heapUsed - before.heapUsed).toBeLessThan(96 * 1024 * 1024)

    // And it still works: an agent answers a customer, messages flow both ways.
    expect((await fetch(relay.url + '/healthz')).status).toBe(200)
    const { client: agent } = await relay.agentSocket(cookie)
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
    const { client: customer, welcome } = await relay.customerSocket()
    expect(welcome.available).toBe(true)
    customer.send({ type: 'start', id: 'normal-1', parts: [{ type: 'text', text: 'A normal question' }] })
    const { chat } = await customer.next('started')
    agent.send({ type: 'accept', chatId: chat.id })
    await customer.next('chat', (f) => f.chat.status === 'active')
    agent.send({ type: 'send', chatId: chat.id, id: 'normal-2', parts: [{ type: 'text', text: 'A normal answer' }] })
    expect((await customer.next('message', (f) => f.message.id === 'normal-2')).message.parts[0].text).toBe('A normal answer')
    customer.send({ type: 'send', id: 'normal-3', parts: [{ type: 'text', text: 'Thanks' }] })
    expect((await agent.next('message', (f) => f.message.id === 'normal-3')).message.from).toBe('customer')
  }, 60_000)

  it('answers random and mutated uploads with 201 or a 4xx, never an error', async () => {
    const random = prng(7)
    // A customer with a chat, so uploads get as far as the image parser.
    const { client: agent } = await relay.agentSocket(cookie)
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
    const { client } = await relay.customerSocket()
    client.send({ type: 'start', id: 'up-1', parts: [{ type: 'text', text: 'uploads' }] })
    const { token } = await client.next('started')
    const seeds = [png(3, 3), jpeg(10, 10), gif(2, 2), webp(4, 4)]
    const statuses = new Map<number, number>()
    for (let i = 0; i < 400; i++) {
      const base = Buffer.from(seeds[i % seeds.length]!)
      // Flip, cut or extend bytes after the signature.
      for (let k = 1 + Math.floor(random() * 6); k > 0; k--) {
        const at = 4 + Math.floor(random() * (base.length - 4))
        base[at] = Math.floor(random() * 256)
      }
      const body =
        random() < 0.3
          ? base.subarray(0, Math.floor(random() * base.length))
          : random() < 0.5
            ? Buffer.concat([base, Buffer.alloc(Math.floor(random() * 64), Math.floor(random() * 256))])
            : base
      const res = await fetch(relay.url + '/api/uploads', {
        method: 'POST',
        headers: { 'content-type': 'image/png', 'x-parley-token': token },
        body: new Uint8Array(body)
      })
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      expect(res.status === 201 || (res.status >= 400 && res.status < 500)).toBe(true)
    }
    expect(statuses.get(415) ?? 0).toBeGreaterThan(0)
    expect(errors.join('')).toBe('')
  }, 60_000)
})
