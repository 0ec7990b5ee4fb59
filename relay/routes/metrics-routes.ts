// GET /metrics in the Prometheus text format, for operators. Off (404) unless PARLEY_METRICS_TOKEN
// is set; then it needs `Authorization: Bearer <token>`.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { ERR_NOT_FOUND, ERR_UNAUTHORIZED } from '../errors.js'

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b))

/** Registers `GET /metrics` and counts the app's sockets. */
export const metricsRoutes = (app: FastifyInstance) => {
  const { config, metrics, store } = app.parley
  metrics.sockets(app.websocketServer)
  metrics.countChats(async () => {
    const [waiting, active] = await Promise.all([store.listChats('waiting'), store.listChats('active')])
    return { waiting: waiting.length, active: active.length }
  })
  const token = config.metricsToken
  app.get('/metrics', async (req, reply) => {
    if (!token) throw new ERR_NOT_FOUND('Metrics (off until PARLEY_METRICS_TOKEN is set)')
    const given = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''
    if (!same(given, token)) {
      reply.header('www-authenticate', 'Bearer')
      throw new ERR_UNAUTHORIZED('Metrics need the bearer token')
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics())
  })
}
