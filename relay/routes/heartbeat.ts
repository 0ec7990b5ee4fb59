// Server-driven heartbeats: every `intervalMs` each socket is pinged; one that has not answered
// the previous ping is half-open (closed laptop, vanished network) and is terminated, so
// presence and availability reflect it within two intervals. Browsers answer pings by themselves.
import type { WebSocket } from 'ws'

/** Watches sockets for missed pongs. */
export interface Heartbeat {
  /** Starts watching `socket`; `onDead` runs before it is terminated for missing a pong. */
  watch(socket: WebSocket, onDead?: () => void): void
  stop(): void
}

/**
 * One timer for all sockets, and one `pong` and one `close` listener shared by all of them (a
 * socket's state is one small map entry, not closures): idle sockets are most of a relay's memory.
 */
export const createHeartbeat = (intervalMs: number): Heartbeat => {
  /** per socket: whether it answered the last ping, and what to do if it dies */
  const alive = new Map<WebSocket, { answered: boolean; onDead: (() => void) | undefined }>()
  function onPong(this: WebSocket) {
    const s = alive.get(this)
    if (s) s.answered = true
  }
  function onClose(this: WebSocket) {
    alive.delete(this)
  }
  const timer = setInterval(() => {
    for (const [socket, s] of alive) {
      if (!s.answered) {
        alive.delete(socket)
        s.onDead?.()
        socket.terminate()
        continue
      }
      s.answered = false
      socket.ping()
    }
  }, intervalMs)
  timer.unref()
  return {
    watch(socket, onDead) {
      alive.set(socket, { answered: true, onDead })
      socket.on('pong', onPong)
      socket.on('close', onClose)
    },
    stop() {
      clearInterval(timer)
      alive.clear()
    }
  }
}
