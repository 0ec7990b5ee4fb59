// An agent socket lives no longer than the session it was opened with: it closes (CLOSE.unauthorized)
// when that session is logged out, when all the agent's sessions are revoked (password change,
// "log out everywhere", an admin disabling the agent), and when the session expires.
//
// Several nodes: the node that ends a session publishes `revoked` on the agent's topic, and the bus
// carries it to the node holding the socket. A `revoked` lost while the bus was down is made up for
// when it comes back (`onResync`): every watched socket checks its session in the store again.
import type { WebSocket } from 'ws'
import { CLOSE } from '../../protocol/index.js'
import type { Auth } from '../auth.js'
import type { Bus } from '../bus/bus.js'
import { topics } from '../hub/events.js'
import { hashToken } from '../hub/hub.js'

// setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days); longer sessions re-arm.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Closes `socket` when the session of `token` ends. Call as the socket opens, before its hello. */
export const watchSession = (socket: WebSocket, deps: { bus: Bus; auth: Auth; agentId: string; token: string | undefined; now?: () => number }) => {
  const now = deps.now ?? Date.now
  const tokenHash = deps.token ? hashToken(deps.token) : undefined
  let timer: NodeJS.Timeout | undefined
  const end = () => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(CLOSE.unauthorized, 'session ended')
  }
  const unsubscribe = deps.bus.subscribe(topics.agent(deps.agentId), (e) => {
    if (e.kind === 'revoked' && (!e.session || e.session === tokenHash)) end()
  })
  // Also catches a session that ended between the upgrade's check and this subscription. Read once
  // the subscription reaches every node: a logout on another node before then is in the store.
  const arm = async () => {
    const at = await deps.auth.expiresAt(deps.token)
    if (socket.readyState === socket.CLOSED) return
    if (at === undefined) return end()
    const inMs = at - now()
    clearTimeout(timer)
    timer = inMs > MAX_TIMER_MS ? setTimeout(() => void arm(), MAX_TIMER_MS) : setTimeout(end, Math.max(0, inMs))
  }
  void Promise.resolve(unsubscribe.ready).then(arm).catch(end)
  const stopResync = deps.bus.onResync?.(() => void arm().catch(end))
  socket.on('close', () => {
    unsubscribe()
    stopResync?.()
    clearTimeout(timer)
  })
}
