// The demo site at `/`, the widget at `/parley.js` (with `/parley.mjs`, `/parley.d.ts`, `/parley-<lang>.json`), and the console at `/console/` (`/healthz` is in health-routes.ts).
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { join } from 'node:path'
import type { RelayConfig } from '../config.js'

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
  // The widget's files are fetched by strangers' pages: cross-origin readable (the ES module and
  // the locale files are fetched with CORS), with a short cache so site owners get new versions
  // within minutes.
  const widgetFile = (reply: FastifyReply, file: string, type?: string) => {
    reply.header('access-control-allow-origin', '*')
    if (type) reply.type(type)
    return reply.sendFile(file, config.distDir, { maxAge: 300_000, ...(type ? { contentType: false } : {}) })
  }
  app.get('/parley.js', (_req, reply) => widgetFile(reply, 'parley.js'))
  app.get('/parley.mjs', (_req, reply) => widgetFile(reply, 'parley.mjs'))
  // .ts would be served as video/mp2t
  app.get('/parley.d.ts', (_req, reply) => widgetFile(reply, 'parley.d.ts', 'text/plain; charset=utf-8'))
  app.get<{ Params: { lang: string } }>('/parley-:lang.json', (req, reply) => {
    // Only a language tag: the name never reaches the file system otherwise.
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(req.params.lang)) return reply.code(404).send({ code: 'not_found', message: 'No such locale' })
    return widgetFile(reply, `parley-${req.params.lang}.json`)
  })
}
