// The demo site at `/`, the widget at `/parley.js` (with `/parley.mjs`, `/parley.d.ts`, the chat
// chunk and the locale files, all `/parley-…`), and the console at `/console/` (`/healthz` is in health-routes.ts).
import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { join } from 'node:path'
import type { RelayConfig } from '../config.js'
import { widgetFiles } from './widget-files.js'

/** Registers the static files. */
export const staticRoutes = async (app: FastifyInstance, config: Readonly<RelayConfig>) => {
  await app.register(fastifyStatic, { root: config.demoDir, prefix: '/', wildcard: false, index: ['index.html'] })
  await app.register(fastifyStatic, {
    root: join(config.distDir, 'console'),
    prefix: '/console/',
    decorateReply: false,
    redirect: true,
    index: ['index.html']
  })
  // The widget's files are fetched by strangers' pages: served as a CDN would (widget-files.ts).
  const widget = widgetFiles(config.distDir)
  const helmet = { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } }
  for (const name of ['parley.js', 'parley.mjs', 'parley.d.ts']) app.get('/' + name, { helmet } as object, (req, reply) => widget(req, reply, name))
  // The chat chunk and the locale files (hashed or not); widgetFiles knows which names exist.
  app.get<{ Params: { file: string } }>('/parley-:file', { helmet } as object, (req, reply) => widget(req, reply, 'parley-' + req.params.file))
}
