// Text modules: every agent reads them (the `::` picker); admins manage them.
import type { FastifyInstance } from 'fastify'
import { randomId } from '../../protocol/index.js'
import { ERR_NOT_FOUND } from '../errors.js'
import { requireAdmin, requireAgent } from './session.js'
import { idParams } from './id-params.js'

const body = {
  type: 'object',
  required: ['name', 'content'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 100 },
    keywords: { type: 'string', maxLength: 300 },
    content: { type: 'string', minLength: 1, maxLength: 5000 }
  }
} as const
type Body = { name: string; keywords?: string; content: string }

/** Registers the text-module routes. */
export const textModuleRoutes = (app: FastifyInstance) => {
  const { store } = app.parley
  const save = (id: string, b: Body) => store.saveTextModule({ id, name: b.name.trim(), keywords: (b.keywords ?? '').trim(), content: b.content }, Date.now())

  app.get('/api/text-modules', { preValidation: requireAgent }, async () => ({ modules: await store.listTextModules() }))

  app.post<{ Body: Body }>('/api/text-modules', { preValidation: requireAdmin, schema: { body } }, async (req, reply) =>
    reply.code(201).send({ module: await save(randomId(12), req.body) })
  )

  app.put<{ Params: { id: string }; Body: Body }>('/api/text-modules/:id', { preValidation: requireAdmin, schema: { params: idParams, body } }, async (req) => {
    if (!(await store.listTextModules()).some((m) => m.id === req.params.id)) throw new ERR_NOT_FOUND('Text module')
    return { module: await save(req.params.id, req.body) }
  })

  app.delete<{ Params: { id: string } }>('/api/text-modules/:id', { preValidation: requireAdmin, schema: { params: idParams } }, async (req, reply) => {
    if (!(await store.removeTextModule(req.params.id))) throw new ERR_NOT_FOUND('Text module')
    return reply.code(204).send()
  })
}
