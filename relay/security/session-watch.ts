// An agent socket lives no longer than the session it was opened with: it closes (CLOSE.unauthorized)
// when that session is logged out, when all the agent's sessions are revoked (password change,
// "log out everywhere", an admin disabling the agent), and when the session expires.
//
// Several nodes: the node that ends a session publishes `revoked` on the agent's topic, and the bus
// carries it to the node holding the socket. A `revoked` lost while the bus was down is made up for
// when it comes back (`onResync`): every watched socket checks its session in the store again.
//
// The first check runs after the subscription is confirmed, so it may finish after the welcome: a
// logout anywhere before it is found in the store and closes the socket then. Each check that finds
// the session alive logs `session watch armed` (debug); from the first one on, a logout reaches the
// socket by the bus, or by the next check after a bus outage.
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket } from 'ws'
import { CLOSE } from '../../protocol/index.js'
import type { Auth } from '../auth.js'
import type { Bus } from '../bus/bus.js'
import { topics } from '../hub/events.js'
import { hashToken } from '../hub/hub.js'

// setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days); longer sessions re-arm.
const MAX_TIMER_MS = 2 ** 31 - 1

/** Closes `socket` when the session of `token` ends. Call as the socket opens, before its hello. */
export const watchSession = (
  socket: WebSocket,
  deps: { bus: Bus; auth: Auth; agentId: string; token: string | undefined; now?: () => number; log?: Pick<FastifyBaseLogger, 'debug'> }
) => {
  const now = deps.now ?? Date.now
  const tokenHash = deps.token ? hashToken(deps.token) : undefined
  const agentId = deps.agentId
  let timer: NodeJS.Timeout | undefined
  /** Closes the socket; `how` says what found the session ended (debug log). */
  const end = (how: string) => {
    if (socket.readyState !== socket.OPEN && socket.readyState !== socket.CONNECTING) return
    deps.log?.debug({ agentId, how }, 'session ended: agent socket closed')
    socket.close(CLOSE.unauthorized, 'session ended')
  }
  const unsubscribe = deps.bus.subscribe(topics.agent(agentId), (e) => {
    if (e.kind === 'revoked' && (!e.session || e.session === tokenHash)) end('revoked on the bus')
  })
  // Also catches a session that ended between the upgrade's check and this subscription. Read once
  // the subscription reaches every node: a logout on another node before then is in the store.
  const arm = async (after: 'subscribed' | 'resync' | 'timer') => {
    const at = await deps.auth.expiresAt(deps.token)
    if (socket.readyState === socket.CLOSED) return
    if (at === undefined) return end(`not in the store (check after ${after})`)
    const inMs = at - now()
    clearTimeout(timer)
    timer = inMs > MAX_TIMER_MS ? setTimeout(() => check('timer'), MAX_TIMER_MS) : setTimeout(() => end('expired'), Math.max(0, inMs))
    deps.log?.debug({ agentId, after }, 'session watch armed')
  }
  const check = (after: 'subscribed' | 'resync' | 'timer') => void arm(after).catch(() => end('store error'))
  void Promise.resolve(unsubscribe.ready).then(
    () => check('subscribed'),
    () => end('subscription failed')
  )
  const stopResync = deps.bus.onResync?.(() => check('resync'))
  socket.on('close', () => {
    unsubscribe()
    stopResync?.()
    clearTimeout(timer)
  })
}
