// `/api/login`, `/api/logout`, `/api/me`.
import type { FastifyInstance } from 'fastify'
import { SESSION_COOKIE } from '../auth.js'
import { ERR_UNAUTHORIZED } from '../errors.js'
import { toSelf } from '../hub/views.js'
import { clearSessionCookie, requireAgent, setSessionCookie } from './session.js'

const loginBody = {
  type: 'object',
  required: ['email', 'password'],
  additionalProperties: false,
  properties: { email: { type: 'string', minLength: 1, maxLength: 320 }, password: { type: 'string', minLength: 1, maxLength: 1024 } }
} as const

/** Registers the login routes. */
export const authRoutes = (app: FastifyInstance) => {
  // Per IP (@fastify/rate-limit) on top of the per-email lockout in auth.ts.
  const loginLimit = { max: app.parley.config.maxLoginsPerMinutePerIp, timeWindow: 60_000 }
  app.post<{ Body: { email: string; password: string } }>(
    '/api/login',
    { schema: { body: loginBody }, config: { rateLimit: loginLimit } },
    async (req, reply) => {
      const session = await app.parley.auth.login(req.body.email, req.body.password)
      if (!session) throw new ERR_UNAUTHORIZED('Wrong email or password')
      setSessionCookie(req, reply, session.token, app.parley.config.sessionTtlMs)
      req.log.info({ agentId: session.agent.id }, 'agent logged in')
      return { me: toSelf(session.agent) }
    }
  )

  app.post('/api/logout', async (req, reply) => {
    await app.parley.auth.logout(req.cookies[SESSION_COOKIE])
    clearSessionCookie(reply)
    return reply.code(204).send()
  })

  app.get('/api/me', { preValidation: requireAgent }, async (req) => ({ me: toSelf(req.agent!) }))
}
