// The demo site at `/`, the widget at `/parley.js`, the console at `/console/`, and `/healthz`.
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { join } from 'node:path'
import type { RelayConfig } from '../config.js'

/** Registers the static files and the health check. */
export const staticRoutes = async (app: FastifyInstance, config: Readonly<RelayConfig>) => {
  app.get('/healthz', async () => ({ status: 'ok' }))

  await app.register(fastifyStatic, { root: config.demoDir, prefix: '/', wildcard: false, index: ['index.html'] })
  await app.register(fastifyStatic, {
    root: join(config.distDir, 'console'),
    prefix: '/console/',
    decorateReply: false,
    redirect: true,
    index: ['index.html']
  })
  app.get('/parley.js', (_req, reply) =>
    // A short cache: site owners get new widget versions within minutes.
    reply.header('cache-control', 'public, max-age=300').sendFile('parley.js', config.distDir)
  )
}
