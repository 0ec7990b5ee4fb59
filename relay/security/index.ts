// The relay's security front door: what app.ts registers before any route.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import { ERR_RATE_LIMITED } from '../errors.js'
import type { SharedLimits } from '../limits/limits.js'
import { securityHeaders } from './headers.js'
import { csrfGuard } from './origin.js'

export { allowedOriginOnly, sameOriginOnly, isAllowedOrigin, isSameOrigin, originAllowed } from './origin.js'
export { checkIdentity, verifyIdentity, identityHash } from './identity.js'
export { watchSession } from './session-watch.js'
export { bindImages } from './image-parts.js'

/**
 * Registers security headers, the Origin check of state-changing requests (CSRF), and
 * @fastify/rate-limit (off by default; routes opt in with `config.rateLimit`). With `shared`
 * (cluster mode) the rate limits count in Redis, for every node together. Call before any route.
 */
export const registerSecurity = async (app: FastifyInstance, shared?: SharedLimits) => {
  await securityHeaders(app)
  app.addHook('onRequest', csrfGuard)
  // A WebSocket upgrade refused with an HTTP answer (403, 401, 429) leaves a connection nothing
  // else can use: end it rather than let the client hold it.
  app.addHook('onResponse', async (req) => {
    if (req.headers.upgrade?.toLowerCase() === 'websocket') req.raw.socket.end()
  })
  await app.register(rateLimit, {
    global: false,
    // Keys `<prefix>rl:<METHOD><url>-<ip>`, one Lua INCR+PEXPIRE per request. While Redis is away
    // requests pass (skipOnError): logins must not stop with it, and the per-email lockout, kept in
    // the database, still stops password guessing.
    ...(shared ? { redis: shared.redis, nameSpace: `${shared.prefix}rl:`, skipOnError: true } : {}),
    // Answered like every other coded error: `{ code: 'rate_limited', message }` with 429.
    errorResponseBuilder: (_req, ctx) => new ERR_RATE_LIMITED(`Too many requests; try again in ${ctx.after}`)
  })
}
