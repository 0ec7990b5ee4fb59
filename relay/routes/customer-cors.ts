// CORS for the customer routes a widget calls from the site's pages (the offline form, the
// transcript download): the page's origin must be allowed, and no cookies are involved
// (credentials stay off). Uploads answer CORS their own way (their origin check is per chat).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isSameOrigin, originAllowed, refuseOrigin } from '../security/origin.js'

/** The `onRequest` hook: refuses a page on an origin that is not allowed, and names an allowed one. */
export const customerCors = (app: FastifyInstance) => async (req: FastifyRequest, reply: FastifyReply) => {
  if (!(await originAllowed(req, app.parley))) refuseOrigin()
  reply.header('vary', 'Origin')
  if (req.headers.origin && !isSameOrigin(req, app.parley.config)) reply.header('access-control-allow-origin', req.headers.origin)
}

/** Answers the browser's preflight for `method` on `path` with the request headers the widget sends. */
export const corsPreflight = (app: FastifyInstance, path: string, method: 'GET' | 'POST', headers: string) => {
  const cors = customerCors(app)
  app.options(path, async (req, reply) => {
    await cors(req, reply)
    return reply
      .header('access-control-allow-methods', method)
      .header('access-control-allow-headers', headers)
      .header('access-control-max-age', '600')
      .code(204)
      .send()
  })
}
