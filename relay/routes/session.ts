// The session cookie: reading it into `request.agent`, setting and clearing it.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from '../auth.js'
import { ERR_FORBIDDEN, ERR_UNAUTHORIZED } from '../errors.js'
import type { AgentRecord } from '../store/store.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in agent, set by `requireAgent`. */
    agent: AgentRecord | null
  }
}

/** preValidation hook: answers 401 unless the request carries a live session cookie. */
export async function requireAgent(this: import('fastify').FastifyInstance, req: FastifyRequest) {
  const agent = await this.parley.auth.agentFor(req.cookies[SESSION_COOKIE])
  if (!agent) throw new ERR_UNAUTHORIZED('Please log in')
  req.agent = agent
}

/** preValidation hook: like `requireAgent`, and answers 403 unless the agent is an admin. */
export async function requireAdmin(this: import('fastify').FastifyInstance, req: FastifyRequest) {
  await requireAgent.call(this, req)
  if (req.agent?.role !== 'admin') throw new ERR_FORBIDDEN('Only admins may do this')
}

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure on HTTPS. */
export const setSessionCookie = (req: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number) =>
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: req.protocol === 'https',
    maxAge: Math.floor(maxAgeMs / 1000)
  })

/** Clears the session cookie. */
export const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, { path: '/' })
