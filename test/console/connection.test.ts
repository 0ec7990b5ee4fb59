import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CLOSE, PROTOCOL_VERSION, type RelayToAgent } from '../../protocol/index.js'
import { agentSocketUrl, createConnection } from '../../console/connection.js'
import { fakeSockets } from './fake-socket.js'
import { anna, panel } from './fixtures.js'

const welcome: RelayToAgent = { type: 'welcome', v: 1, pv: 0, me: anna(), panel: panel(), mine: [] }

const setup = () => {
  const sockets = fakeSockets()
  const frames: RelayToAgent[] = []
  const statuses: string[] = []
  const finals: number[] = []
  const connection = createConnection({
    url: 'ws://relay.test/ws/agent',
    createSocket: sockets.create,
    backoff: (attempt) => 1000 * (attempt + 1),
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    onFinal: (code) => finals.push(code)
  })
  return { sockets, frames, statuses, finals, connection }
}

describe('agent connection', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('builds the socket URL from the page origin', () => {
    expect(agentSocketUrl({ protocol: 'http:', host: 'localhost:8080' })).toBe('ws://localhost:8080/ws/agent')
    expect(agentSocketUrl({ protocol: 'https:', host: 'chat.example' })).toBe('wss://chat.example/ws/agent')
  })

  it('says hello with the protocol version as soon as the socket opens', () => {
    const { sockets } = setup()
    sockets.last().open()
    expect(sockets.last().sent).toEqual([{ type: 'hello', v: PROTOCOL_VERSION }])
  })

  it('passes valid frames on and skips malformed ones', () => {
    const { sockets, frames } = setup()
    sockets.last().open()
    sockets.last().receive('not json')
    sockets.last().receive(JSON.stringify({ type: 'panel', pv: 0, panel: { waiting: 'nope' } }))
    sockets.last().receive(welcome)
    expect(frames.map((f) => f.type)).toEqual(['welcome'])
  })

  it('reconnects with growing backoff and says hello again', () => {
    const { sockets, statuses } = setup()
    sockets.last().open()
    sockets.last().drop(1006)
    expect(statuses.at(-1)).toBe('offline')
    vi.advanceTimersByTime(999)
    expect(sockets.sockets).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets.sockets).toHaveLength(2)
    sockets.last().drop(1006)
    vi.advanceTimersByTime(1999)
    expect(sockets.sockets).toHaveLength(2)
    vi.advanceTimersByTime(1)
    sockets.last().open()
    expect(sockets.last().sent).toEqual([{ type: 'hello', v: PROTOCOL_VERSION }])
  })

  it('starts the backoff over once the relay has welcomed it', () => {
    const { sockets } = setup()
    sockets.last().drop(1006)
    vi.advanceTimersByTime(1000)
    sockets.last().open()
    sockets.last().receive(welcome)
    sockets.last().drop(CLOSE.restart)
    vi.advanceTimersByTime(1000)
    expect(sockets.sockets).toHaveLength(3)
  })

  it('stops and reports a final close instead of reconnecting', () => {
    const { sockets, finals } = setup()
    sockets.last().open()
    sockets.last().drop(CLOSE.unauthorized, 'no session')
    vi.advanceTimersByTime(60_000)
    expect(finals).toEqual([CLOSE.unauthorized])
    expect(sockets.sockets).toHaveLength(1)
  })

  it('reconnects at once when asked during the backoff', () => {
    const { sockets, connection } = setup()
    sockets.last().drop(1006)
    connection.reconnectNow()
    expect(sockets.sockets).toHaveLength(2)
  })

  it('refuses to send while the socket is not open', () => {
    const { sockets, connection } = setup()
    expect(connection.send({ type: 'status', on: true })).toBe(false)
    sockets.last().open()
    expect(connection.send({ type: 'status', on: true })).toBe(true)
    expect(sockets.last().sent.at(-1)).toEqual({ type: 'status', on: true })
  })

  it('stays closed after close()', () => {
    const { sockets, connection } = setup()
    sockets.last().open()
    connection.close()
    expect(sockets.last().closedByClient).toBe(true)
    vi.advanceTimersByTime(60_000)
    expect(sockets.sockets).toHaveLength(1)
  })

  it('pings the relay after 15 s without a frame and keeps a socket that answers', () => {
    const { sockets, statuses } = setup()
    sockets.last().open()
    sockets.last().receive(welcome)
    vi.advanceTimersByTime(14_999)
    expect(sockets.last().sent.map((m) => m.type)).toEqual(['hello'])
    vi.advanceTimersByTime(1)
    expect(sockets.last().sent.at(-1)).toEqual({ type: 'ping' })
    vi.advanceTimersByTime(5000)
    sockets.last().receive({ type: 'pong' })
    vi.advanceTimersByTime(14_999)
    expect(sockets.last().sent.filter((m) => m.type === 'ping')).toHaveLength(1)
    vi.advanceTimersByTime(1)
    expect(sockets.last().sent.filter((m) => m.type === 'ping')).toHaveLength(2)
    sockets.last().receive({ type: 'pong' })
    vi.advanceTimersByTime(14_000)
    expect(sockets.sockets).toHaveLength(1)
    expect(statuses.at(-1)).toBe('connecting')
  })

  it('does not ping while frames keep arriving', () => {
    const { sockets } = setup()
    sockets.last().open()
    for (let i = 0; i < 4; i++) {
      vi.advanceTimersByTime(10_000)
      sockets.last().receive({ type: 'panel', pv: 0, panel: panel() })
    }
    expect(sockets.last().sent.map((m) => m.type)).toEqual(['hello'])
  })

  it('gives up a socket whose ping goes unanswered for 10 s and reconnects', () => {
    const { sockets, statuses, frames } = setup()
    sockets.last().open()
    sockets.last().receive(welcome)
    vi.advanceTimersByTime(15_000 + 9_999)
    expect(statuses.at(-1)).toBe('connecting')
    vi.advanceTimersByTime(1)
    expect(statuses.at(-1)).toBe('offline')
    expect(sockets.last().closedByClient).toBe(true)
    // A late frame or close event of the dead socket changes nothing.
    sockets.last().receive({ type: 'pong' })
    sockets.last().drop(1006)
    expect(frames.map((f) => f.type)).toEqual(['welcome'])
    vi.advanceTimersByTime(1000)
    expect(sockets.sockets).toHaveLength(2)
  })
})
