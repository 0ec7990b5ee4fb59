// The agent socket: says hello on every open, parses every frame with the shared guard, and
// reconnects by itself with jittered backoff unless the relay closed for good (auth, version).
// A socket can die without a close event (sleeping laptop, dropped Wi-Fi, a proxy that forgets
// it): after `pingEveryMs` without a frame it sends a ping, and with no answer within
// `pongTimeoutMs` it gives the socket up and reconnects.
import { backoffMs, isFinalClose, parseRelayToAgent, PROTOCOL_VERSION, type AgentMsg, type RelayToAgent } from '../protocol/index.js'

/** The part of the browser's WebSocket the connection uses, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number
  send(data: string): void
  close(code?: number, reason?: string): void
  onopen: ((ev: Event) => unknown) | null
  onmessage: ((ev: MessageEvent) => unknown) | null
  onclose: ((ev: CloseEvent) => unknown) | null
}

/** How to reach the relay and whom to tell about it. */
export interface ConnectionOptions {
  /** ws: or wss: URL of `/ws/agent` */
  url: string
  /** every valid frame, in order */
  onFrame(frame: RelayToAgent): void
  /** the socket is connecting, or down until `retryAt` (ms since epoch) */
  onStatus(status: 'connecting' | 'offline', retryAt?: number): void
  /** the relay closed with a final code (see `isFinalClose`): log in again, do not retry */
  onFinal(code: number, reason: string): void
  /** default: the browser's WebSocket */
  createSocket?: (url: string) => SocketLike
  /** delay before reconnect attempt n (ms); default `backoffMs` */
  backoff?: (attempt: number) => number
  /** quiet time (ms) after which the relay is pinged; default 15 000 */
  pingEveryMs?: number
  /** time (ms) a ping may go unanswered before the socket counts as dead; default 10 000 */
  pongTimeoutMs?: number
}

/** A live agent socket. */
export interface Connection {
  /** Sends a frame; false when the socket is not open (the caller decides whether that matters). */
  send(msg: AgentMsg): boolean
  /** Skips the remaining backoff and connects now (no-op while connected). */
  reconnectNow(): void
  /** Closes for good. */
  close(): void
}

/** WebSocket.OPEN, spelled out so fakes need not define the constant. */
const OPEN = 1

/** The agent socket URL of the page's origin, matching http/https with ws/wss. */
export const agentSocketUrl = (loc: { protocol: string; host: string } = location): string =>
  (loc.protocol === 'https:' ? 'wss://' : 'ws://') + loc.host + '/ws/agent'

/** Opens the agent socket now and keeps it open until `close()` or a final close code. */
export const createConnection = (opts: ConnectionOptions): Connection => {
  const createSocket = opts.createSocket ?? ((url: string) => new WebSocket(url))
  const backoff = opts.backoff ?? ((attempt: number) => backoffMs(attempt))
  const pingEveryMs = opts.pingEveryMs ?? 15_000
  const pongTimeoutMs = opts.pongTimeoutMs ?? 10_000
  let socket: SocketLike | null = null
  let timer: ReturnType<typeof setTimeout> | undefined
  let liveness: ReturnType<typeof setTimeout> | undefined
  let attempt = 0
  let closed = false

  /** The socket is gone (closed, or silent past the pong timeout): back off, then try again. */
  const lost = (ws: SocketLike, code: number, reason: string) => {
    if (socket !== ws) return
    socket = null
    clearTimeout(liveness)
    if (closed) return
    if (isFinalClose(code)) {
      closed = true
      opts.onFinal(code, reason)
      return
    }
    const delayMs = backoff(attempt++)
    opts.onStatus('offline', Date.now() + delayMs)
    timer = setTimeout(connect, delayMs)
  }

  /** Any frame proves the socket alive: wait for the next quiet spell, then ping. */
  const alive = (ws: SocketLike) => {
    clearTimeout(liveness)
    liveness = setTimeout(() => {
      if (socket !== ws || ws.readyState !== OPEN) return
      ws.send(JSON.stringify({ type: 'ping' } satisfies AgentMsg))
      liveness = setTimeout(() => {
        lost(ws, 1006, 'no pong')
        // The close handshake may never finish on a dead network; this socket is forgotten already.
        ws.close(4000, 'no pong')
      }, pongTimeoutMs)
    }, pingEveryMs)
  }

  const connect = () => {
    timer = undefined
    opts.onStatus('connecting')
    const ws = createSocket(opts.url)
    socket = ws
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION } satisfies AgentMsg))
      alive(ws)
    }
    ws.onmessage = (ev) => {
      if (socket !== ws) return
      alive(ws)
      const parsed = parseRelayToAgent(typeof ev.data === 'string' ? ev.data : '')
      if (!parsed.ok) {
        // A frame this console does not understand is skipped, not fatal: the relay may be newer.
        console.warn('parley: ignored a frame from the relay:', parsed.error)
        return
      }
      if (parsed.value.type === 'pong') return
      // Reset only once the relay has really answered, so a socket that opens and drops at once backs off.
      if (parsed.value.type === 'welcome') attempt = 0
      opts.onFrame(parsed.value)
    }
    ws.onclose = (ev) => lost(ws, ev.code, ev.reason)
  }

  connect()
  return {
    send: (msg) => {
      if (!socket || socket.readyState !== OPEN) return false
      socket.send(JSON.stringify(msg))
      return true
    },
    reconnectNow: () => {
      if (closed || timer === undefined) return
      clearTimeout(timer)
      connect()
    },
    close: () => {
      closed = true
      clearTimeout(timer)
      clearTimeout(liveness)
      const ws = socket
      socket = null
      ws?.close(1000)
    }
  }
}
