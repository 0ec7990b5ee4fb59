// `POST /api/password` (change it: every session and socket of the agent ends, this browser gets a
// fresh session) and `POST /api/sessions/revoke` (log out everywhere).
import type { FastifyInstance } from 'fastify'
import { PASSWORD_CHARS } from '../auth.js'
import { toSelf } from '../hub/views.js'
import { clearSessionCookie, requireAgent, setSessionCookie } from './session.js'

const passwordBody = {
  type: 'object',
  required: ['current', 'next'],
  additionalProperties: false,
  properties: {
    current: { type: 'string', minLength: 1, maxLength: PASSWORD_CHARS.max },
    next: { type: 'string', minLength: PASSWORD_CHARS.min, maxLength: PASSWORD_CHARS.max }
  }
} as const

/** Registers the credential routes. */
export const credentialRoutes = (app: FastifyInstance) => {
  const { auth, config } = app.parley
  const rateLimit = { max: config.maxLoginsPerMinutePerIp, timeWindow: 60_000 }

  app.post<{ Body: { current: string; next: string } }>(
    '/api/password',
    { preValidation: requireAgent, schema: { body: passwordBody }, config: { rateLimit } },
    async (req, reply) => {
      const token = await auth.changePassword(req.agent!, req.body.current, req.body.next)
      setSessionCookie(req, reply, token, config.sessionTtlMs)
      req.log.info({ agentId: req.agent!.id }, 'agent changed their password; every other session ended')
      return { me: toSelf(req.agent!) }
    }
  )

  app.post('/api/sessions/revoke', { preValidation: requireAgent }, async (req, reply) => {
    await auth.revokeAll(req.agent!.id)
    clearSessionCookie(reply)
    req.log.info({ agentId: req.agent!.id }, 'agent logged out everywhere')
    return reply.code(204).send()
  })
}
