// A WebSocket stand-in: records what the console sends and lets a test play the relay.
import type { AgentMsg, RelayToAgent } from '../../protocol/index.js'
import type { SocketLike } from '../../console/connection.js'

/** One fake socket, as the console sees it plus the test's controls. */
export interface FakeSocket extends SocketLike {
  url: string
  readyState: number
  /** frames the console sent, parsed */
  sent: AgentMsg[]
  /** the relay accepts the connection */
  open(): void
  /** the relay sends a frame (or raw text) */
  receive(frame: RelayToAgent | string): void
  /** the relay or the network closes the socket */
  drop(code?: number, reason?: string): void
  /** the console called close() */
  closedByClient: boolean
}

/** A factory for `createSocket` and the list of sockets it made. */
export const fakeSockets = () => {
  const sockets: FakeSocket[] = []
  const create = (url: string): FakeSocket => {
    const s: FakeSocket = {
      url,
      sent: [],
      readyState: 0,
      closedByClient: false,
      onopen: null,
      onmessage: null,
      onclose: null,
      send(data) {
        if (s.readyState !== 1) throw new Error('send on a socket that is not open')
        s.sent.push(JSON.parse(data) as AgentMsg)
      },
      close() {
        s.closedByClient = true
        s.readyState = 3
      },
      open() {
        s.readyState = 1
        s.onopen?.(new Event('open'))
      },
      receive(frame) {
        s.onmessage?.({ data: typeof frame === 'string' ? frame : JSON.stringify(frame) } as MessageEvent)
      },
      drop(code = 1006, reason = '') {
        s.readyState = 3
        s.onclose?.({ code, reason } as CloseEvent)
      }
    }
    sockets.push(s)
    return s
  }
  return {
    create,
    sockets,
    /** the newest socket */
    last: (): FakeSocket => {
      const s = sockets[sockets.length - 1]
      if (!s) throw new Error('no socket was created')
      return s
    }
  }
}
