// The customer's WebSocket to the relay: says hello on every (re)connect, hands on only frames
// of the right shape (frame.ts), and reconnects with jittered backoff until told to stop.
import { backoffMs, type CustomerHello, type CustomerMsg, type RelayToCustomer } from '../protocol/index.js'
import { readFrame } from './frame.js'

/** What a transport calls back into. */
export interface TransportHandlers {
  /** Builds the hello sent first on every (re)connect (token and `after` change over time). */
  hello(): CustomerHello
  /** A valid frame from the relay. */
  frame(f: RelayToCustomer): void
  /** The socket went down with close `code`; a reconnect follows unless the relay said not to (4001–4003). */
  down(code: number): void
}

/** A connection to the relay as the widget uses it. */
export interface Transport {
  /** Sends a frame now; false when the socket is not open (the state machine resends after the next welcome). */
  send(msg: CustomerMsg): boolean
  /** Closes for good: no reconnect, no more callbacks. */
  close(): void
}

/** Opens a transport; injectable so tests can use a fake one. */
export type TransportFactory = (h: TransportHandlers) => Transport

/** The socket URL of a relay at `origin` (http→ws, https→wss, path /ws/customer; a refused origin is told with close code 4003). */
export const socketUrl = (origin: string): string => origin.replace(/^http/, 'ws') + '/ws/customer?refusal=close'

// size: the protocol's isFinalClose() reads the whole CLOSE object into the bundle.
/** isFinalClose() of the protocol as a range (4001–4003); a test keeps the two equal. */
export const isFinalCode = (code: number): boolean => code > 4000 && code < 4004

/**
 * How often a socket is checked (ms): when nothing came from the relay for a whole period, a
 * `ping` goes out; when the next check still finds nothing, not even the `pong`, the connection
 * is dead whatever the browser thinks (a laptop woke up, a proxy dropped it) and is replaced.
 */
export const LIVENESS_MS = 20_000

/**
 * A WebSocket transport to `url` that reconnects with `backoffMs`, at once when the browser comes
 * back online, and gives up a socket as soon as the browser goes offline.
 */
export const createTransport =
  (url: string): TransportFactory =>
  (h) => {
    let ws: WebSocket | undefined
    let attempt = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false
    let heard = true

    const retry = () => {
      if (!stopped) timer = setTimeout(connect, backoffMs(attempt++))
    }
    const connect = () => {
      clearTimeout(timer)
      let s: WebSocket
      try {
        s = ws = new WebSocket(url)
      } catch {
        // A malformed URL or a CSP that forbids the relay: keep trying, quietly and slowly.
        return retry()
      }
      s.onopen = () => s.send(JSON.stringify(h.hello()))
      s.onmessage = (e) => {
        // Only a relay that talks back resets the backoff, not one that accepts and drops us.
        attempt = 0
        heard = true
        const f = readFrame(e.data)
        if (f && f.type !== 'pong' && !stopped) h.frame(f)
      }
      s.onclose = (e) => lost(s, e.code)
    }
    const lost = (s: WebSocket, code: number) => {
      if (ws !== s || stopped) return
      ws = undefined
      h.down(code)
      if (!isFinalCode(code)) retry()
    }
    // The browser knows it is offline before a socket does: say so now, not after a TCP timeout.
    const offline = () => {
      const s = ws
      if (s) {
        s.close()
        lost(s, 1006)
      }
    }
    const beat = setInterval(() => {
      if (ws?.readyState !== 1) return
      if (heard) {
        heard = false
        ws.send('{"type":"ping"}')
      }
      // Nothing since the last check, not even the pong: dead, as if the browser were offline.
      else offline()
    }, LIVENESS_MS)
    const online = () => {
      if (!ws && !stopped) {
        attempt = 0
        connect()
      }
    }
    addEventListener('online', online)
    addEventListener('offline', offline)
    connect()

    return {
      send: (msg) => ws?.readyState === 1 && (ws.send(JSON.stringify(msg)), true),
      close() {
        stopped = true
        clearTimeout(timer)
        clearInterval(beat)
        removeEventListener('online', online)
        removeEventListener('offline', offline)
        ws?.close(1000)
      }
    }
  }
