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
 * socket's state is one map entry, not closures nor an object): idle sockets are most of a relay's
 * memory.
 */
export const createHeartbeat = (intervalMs: number): Heartbeat => {
  /** per socket: whether it answered the last ping */
  const alive = new Map<WebSocket, boolean>()
  /** what to do when a socket dies, for the few sockets that said (agents) */
  const onDeads = new Map<WebSocket, () => void>()
  function onPong(this: WebSocket) {
    if (alive.has(this)) alive.set(this, true)
  }
  function onClose(this: WebSocket) {
    alive.delete(this)
    onDeads.delete(this)
  }
  const timer = setInterval(() => {
    for (const [socket, answered] of alive) {
      if (!answered) {
        alive.delete(socket)
        const onDead = onDeads.get(socket)
        onDeads.delete(socket)
        onDead?.()
        socket.terminate()
        continue
      }
      alive.set(socket, false)
      socket.ping()
    }
  }, intervalMs)
  timer.unref()
  return {
    watch(socket, onDead) {
      alive.set(socket, true)
      if (onDead) onDeads.set(socket, onDead)
      socket.on('pong', onPong)
      socket.on('close', onClose)
    },
    stop() {
      clearInterval(timer)
      alive.clear()
      onDeads.clear()
    }
  }
}
