// The customer's WebSocket to the relay: says hello on every (re)connect, hands on only frames
// that pass the protocol's guard, and reconnects with jittered backoff until told to stop.
import {
  backoffMs,
  isFinalClose,
  parseRelayToCustomer,
  type CustomerHello,
  type CustomerMsg,
  type RelayToCustomer
} from '../protocol/index.js'

/** What a transport calls back into. */
export interface TransportHandlers {
  /** Builds the hello sent first on every (re)connect (token and `after` change over time). */
  hello(): CustomerHello
  /** A valid frame from the relay. */
  frame(f: RelayToCustomer): void
  /** The socket went down; a reconnect follows unless the relay said not to. */
  down(): void
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

/** The socket URL of a relay at `origin` (http→ws, https→wss, path /ws/customer). */
export const socketUrl = (origin: string): string => origin.replace(/^http/, 'ws') + '/ws/customer'

/** A WebSocket transport to `url` that reconnects with `backoffMs` (and at once when the browser comes back online). */
export const createTransport =
  (url: string): TransportFactory =>
  (h) => {
    let ws: WebSocket | undefined
    let attempt = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    let stopped = false

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
        const r = parseRelayToCustomer(e.data)
        if (r.ok && !stopped) h.frame(r.value)
      }
      s.onclose = (e) => {
        if (ws !== s || stopped) return
        ws = undefined
        h.down()
        if (!isFinalClose(e.code)) retry()
      }
    }
    const online = () => {
      if (!ws && !stopped) {
        attempt = 0
        connect()
      }
    }
    addEventListener('online', online)
    connect()

    return {
      send: (msg) => ws?.readyState === 1 && (ws.send(JSON.stringify(msg)), true),
      close() {
        stopped = true
        clearTimeout(timer)
        removeEventListener('online', online)
        ws?.close(1000)
      }
    }
  }
