// Admins manage agents (add, disable, reset password, role) and the site settings.
import type { FastifyInstance } from 'fastify'
import { parseSiteSettings, type AgentAccount } from '../../protocol/index.js'
import { addAgent } from '../agents.js'
import { ERR_BAD_INPUT, ERR_CONFLICT, ERR_NOT_FOUND } from '../errors.js'
import { hashPassword } from '../passwords.js'
import { toSelf } from '../hub/views.js'
import { parseOriginPattern } from '../security/origin.js'
import type { AgentRecord, Role } from '../store/store.js'
import { requireAdmin } from './session.js'
import { idParams } from './id-params.js'

/** An agent as admins list them: their own account (hub/views.ts toSelf) without its preferences, and whether disabled. */
const toAccount = (a: AgentRecord): AgentAccount => {
  const { greetings: _g, sound: _s, notifications: _n, ...account } = toSelf(a)
  return { ...account, disabled: a.disabled }
}

type NewBody = { name: string; email: string; password: string; role: Role; displayName?: string }
type PatchBody = { name?: string; displayName?: string; role?: Role; disabled?: boolean; password?: string }

/** Registers the admin routes. */
export const adminRoutes = (app: FastifyInstance) => {
  const { store, hub, config } = app.parley

  app.get('/api/agents', { preValidation: requireAdmin }, async () => ({ agents: (await store.listAgents()).map(toAccount) }))

  app.post<{ Body: NewBody }>(
    '/api/agents',
    {
      preValidation: requireAdmin,
      schema: {
        body: {
          type: 'object',
          required: ['name', 'email', 'password', 'role'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            displayName: { type: 'string', minLength: 1, maxLength: 100 },
            email: { type: 'string', minLength: 3, maxLength: 320 },
            password: { type: 'string', minLength: 8, maxLength: 1024 },
            role: { type: 'string', enum: ['admin', 'agent'] }
          }
        }
      }
    },
    async (req, reply) => {
      try {
        return reply.code(201).send({ agent: toAccount(await addAgent(store, config, req.body)) })
      } catch (e) {
        throw new ERR_BAD_INPUT((e as Error).message)
      }
    }
  )

  app.patch<{ Params: { id: string }; Body: PatchBody }>(
    '/api/agents/:id',
    {
      preValidation: requireAdmin,
      schema: {
        params: idParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            name: { type: 'string', minLength: 1, maxLength: 200 },
            displayName: { type: 'string', minLength: 1, maxLength: 100 },
            role: { type: 'string', enum: ['admin', 'agent'] },
            disabled: { type: 'boolean' },
            password: { type: 'string', minLength: 8, maxLength: 1024 }
          }
        }
      }
    },
    async (req) => {
      const target = await store.getAgent(req.params.id)
      if (!target) throw new ERR_NOT_FOUND('Agent')
      const { password, ...rest } = req.body
      const demoting = (rest.role === 'agent' || rest.disabled === true) && target.role === 'admin'
      if (demoting) {
        const admins = (await store.listAgents()).filter((a) => a.role === 'admin' && !a.disabled)
        if (admins.length <= 1) throw new ERR_CONFLICT('At least one active admin must remain')
      }
      const updated = await store.updateAgent(target.id, {
        ...rest,
        ...(rest.disabled ? { on: false } : {}),
        ...(password ? { passwordHash: await hashPassword(password) } : {})
      })
      // A disabled agent or a reset password ends their sessions everywhere at once; any other
      // change reaches their open consoles (a new role shows or hides the admin screens).
      if (rest.disabled || password) await hub.revokeAgent(target.id)
      else await hub.agentChanged(target.id)
      // A disabled agent is not coming back: their chats go to the front of the queue now.
      if (rest.disabled) await hub.agentRemoved(target.id)
      return { agent: toAccount(updated!) }
    }
  )

  // `mail` tells the console whether the transcript-by-email option can reach anyone (PARLEY_SMTP_URL
  // and PARLEY_MAIL_FROM set); without it the console explains why customers are not offered it.
  app.get('/api/site', { preValidation: requireAdmin }, async () => ({ site: await hub.site(), mail: hub.canMail }))

  // The body is checked by the protocol's guard (shared with the console's form): unknown fields
  // are dropped, every field of issue 12 is optional so an older console keeps what is stored.
  app.put<{ Body: unknown }>('/api/site', { preValidation: requireAdmin, schema: { body: { type: 'object' } } }, async (req) => {
    const parsed = parseSiteSettings(req.body)
    if (!parsed.ok) throw new ERR_BAD_INPUT(parsed.error)
    const allowedOrigins = [...new Set(parsed.value.allowedOrigins.map((o) => o.trim().toLowerCase()))]
    // Saved origins are enforced at once (security/origin.ts): each must be one the relay can match.
    for (const o of allowedOrigins)
      try {
        parseOriginPattern(o)
      } catch {
        throw new ERR_BAD_INPUT(`"${o}" is not an origin such as https://shop.example.com or https://*.example.com`)
      }
    await hub.saveSite({ ...parsed.value, allowedOrigins })
    return { site: await hub.site(), mail: hub.canMail }
  })
}
