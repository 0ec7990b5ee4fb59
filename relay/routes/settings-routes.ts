// The agent's own settings (the seed's Settings control).
import type { FastifyInstance } from 'fastify'
import type { AgentSettings } from '../../protocol/index.js'
import { requireAgent } from './session.js'

const body = {
  type: 'object',
  required: ['greetings', 'maxChats', 'displayName', 'sound', 'notifications'],
  additionalProperties: false,
  properties: {
    greetings: { type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 1000 } },
    maxChats: { type: 'integer', minimum: 1, maximum: 20 },
    displayName: { type: 'string', minLength: 1, maxLength: 100 },
    sound: { type: 'boolean' },
    notifications: { type: 'boolean' }
  }
} as const

/** Registers `PUT /api/me/settings`. */
export const settingsRoutes = (app: FastifyInstance) => {
  app.put<{ Body: AgentSettings }>('/api/me/settings', { preValidation: requireAgent, schema: { body } }, async (req) => {
    const s = req.body
    const greetings = s.greetings.map((g) => g.trim()).filter(Boolean)
    return { me: await app.parley.hub.saveSettings(req.agent!.id, { ...s, greetings, displayName: s.displayName.trim() }) }
  })
}
