// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CustomerHello, RelayToCustomer } from '../../protocol/index.js'
import { isFinalClose } from '../../protocol/index.js'
import { createTransport, isFinalCode, LIVENESS_MS, socketUrl, type Transport } from '../../widget/transport.js'

// A WebSocket the test opens, feeds and closes by hand.
class FakeSocket {
  static all: FakeSocket[] = []
  readyState = 0
  sent: unknown[] = []
  onopen?: () => void
  onmessage?: (e: { data: string }) => void
  onclose?: (e: { code: number }) => void
  constructor(readonly url: string) {
    FakeSocket.all.push(this)
  }
  send(data: string) {
    this.sent.push(JSON.parse(data))
  }
  close(code = 1000) {
    this.readyState = 3
    this.onclose?.({ code })
  }
  open() {
    this.readyState = 1
    this.onopen?.()
  }
  receive(frame: unknown) {
    this.onmessage?.({ data: JSON.stringify(frame) })
  }
}
const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!

let transport: Transport | undefined
const frames: RelayToCustomer[] = []
let downs = 0
let after = 0
const connect = () =>
  (transport = createTransport('wss://relay.test/ws/customer')({
    hello: (): CustomerHello => ({ type: 'hello', v: 1, token: 'tok', after }),
    frame: (f) => frames.push(f),
    down: () => downs++
  }))

beforeEach(() => {
  FakeSocket.all = []
  frames.length = 0
  downs = 0
  after = 0
  vi.useFakeTimers()
  vi.stubGlobal('WebSocket', FakeSocket)
  // No jitter: every delay is the top of its range (500 ms, 1 s, 2 s, ...).
  vi.spyOn(Math, 'random').mockReturnValue(1)
})
afterEach(() => {
  transport?.close()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('transport', () => {
  it('turns the relay origin into its customer socket URL', () => {
    expect(socketUrl('https://chat.example.com')).toBe('wss://chat.example.com/ws/customer?refusal=close')
    expect(socketUrl('http://localhost:8080')).toBe('ws://localhost:8080/ws/customer?refusal=close')
  })

  it('says hello first on every connect, with what the widget knows at that moment', () => {
    connect()
    latest().open()
    expect(latest().sent).toEqual([{ type: 'hello', v: 1, token: 'tok', after: 0 }])
    after = 7
    latest().close(1006)
    vi.advanceTimersByTime(500)
    latest().open()
    expect(FakeSocket.all).toHaveLength(2)
    expect(latest().sent).toEqual([{ type: 'hello', v: 1, token: 'tok', after: 7 }])
  })

  it('reconnects with growing backoff and reports each loss once', () => {
    connect()
    latest().close(1006)
    expect(downs).toBe(1)
    vi.advanceTimersByTime(499)
    expect(FakeSocket.all).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all).toHaveLength(2)
    latest().close(1006)
    vi.advanceTimersByTime(999)
    expect(FakeSocket.all).toHaveLength(2)
    vi.advanceTimersByTime(1)
    expect(FakeSocket.all).toHaveLength(3)
    expect(downs).toBe(2)
  })

  it('starts the backoff over once the relay talks again', () => {
    connect()
    latest().close(1006)
    vi.advanceTimersByTime(500)
    latest().close(1006)
    vi.advanceTimersByTime(1000)
    latest().open()
    latest().receive({ type: 'availability', available: true })
    latest().close(1006)
    vi.advanceTimersByTime(500)
    expect(FakeSocket.all).toHaveLength(4)
  })

  it('stops reconnecting when the relay closes with a final code', () => {
    connect()
    latest().close(4002)
    vi.advanceTimersByTime(60_000)
    expect(FakeSocket.all).toHaveLength(1)
  })

  it('reconnects at once when the browser comes back online', () => {
    connect()
    latest().close(1006)
    dispatchEvent(new Event('online'))
    expect(FakeSocket.all).toHaveLength(2)
  })

  it('drops what is not a frame: not JSON, not an object, no string type', () => {
    connect()
    latest().open()
    latest().onmessage?.({ data: '{not json' })
    latest().onmessage?.({ data: 'null' })
    latest().receive({ no: 'type' })
    latest().receive({ type: 7 })
    latest().receive({ type: 'availability', available: true })
    expect(frames.map((f) => f.type)).toEqual(['availability'])
  })

  it('swallows pongs: they only prove the socket is alive', () => {
    connect()
    latest().open()
    latest().receive({ type: 'pong' })
    expect(frames).toEqual([])
  })

  it('pings a quiet socket, and replaces it when not even the pong comes back', () => {
    connect()
    latest().open()
    vi.advanceTimersByTime(LIVENESS_MS)
    expect(latest().sent.at(-1)).toEqual({ type: 'ping' })
    latest().receive({ type: 'pong' })
    vi.advanceTimersByTime(LIVENESS_MS)
    expect(FakeSocket.all).toHaveLength(1)
    expect(latest().sent.at(-1)).toEqual({ type: 'ping' })
    vi.advanceTimersByTime(LIVENESS_MS)
    expect(downs).toBe(1)
    vi.advanceTimersByTime(500)
    expect(FakeSocket.all).toHaveLength(2)
  })

  it('treats the same close codes as final as the protocol does', () => {
    for (let code = 1000; code < 5000; code++) expect(isFinalCode(code)).toBe(isFinalClose(code))
  })

  it('gives the socket up as soon as the browser goes offline, and is back at once when it is online', () => {
    connect()
    latest().open()
    dispatchEvent(new Event('offline'))
    expect(downs).toBe(1)
    dispatchEvent(new Event('online'))
    expect(FakeSocket.all).toHaveLength(2)
  })

  it('refuses to send while the socket is not open', () => {
    connect()
    expect(transport!.send({ type: 'end' })).toBe(false)
    latest().open()
    expect(transport!.send({ type: 'end' })).toBe(true)
    expect(latest().sent.at(-1)).toEqual({ type: 'end' })
  })

  it('stays closed after close(), without reporting a loss', () => {
    connect()
    latest().open()
    transport!.close()
    vi.advanceTimersByTime(60_000)
    dispatchEvent(new Event('online'))
    expect(FakeSocket.all).toHaveLength(1)
    expect(downs).toBe(0)
  })
})
