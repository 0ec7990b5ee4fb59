// The offline form: `POST /api/offline-message` (JSON, protocol's OfflineMessage) from the widget
// on an allowed site while no one can chat. The work is in hub/offline.ts; this checks the origin,
// answers CORS and passes the request's IP, user agent and base URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { OfflineReceipt } from '../../protocol/index.js'
import { base64Chars, createOfflineForms } from '../hub/offline.js'
import { isSameOrigin, originAllowed, refuseOrigin } from '../security/origin.js'
import { baseUrl } from './base-url.js'

/** Registers the offline-form route. */
export const offlineRoutes = (app: FastifyInstance) => {
  const { config, store, hub, tickets } = app.parley
  const forms = createOfflineForms({ store, tickets, config, site: hub.site, outsideHours: hub.outsideHours, ticketChanged: hub.ticketChanged })

  /** CORS for customers' pages on allowed origins (no cookies are involved: credentials stay off). */
  const cors = async (req: FastifyRequest, reply: FastifyReply) => {
    if (!(await originAllowed(req, app.parley))) refuseOrigin()
    reply.header('vary', 'Origin')
    if (req.headers.origin && !isSameOrigin(req, config)) reply.header('access-control-allow-origin', req.headers.origin)
  }

  app.options('/api/offline-message', async (req, reply) => {
    await cors(req, reply)
    return reply
      .header('access-control-allow-methods', 'POST')
      .header('access-control-allow-headers', 'content-type')
      .header('access-control-max-age', '600')
      .code(204)
      .send()
  })

  app.post(
    '/api/offline-message',
    {
      // The text, the image as base64 and the JSON around them.
      bodyLimit: base64Chars(config.maxUploadBytes) + config.maxTextChars * 6 + 16_384,
      config: { origin: 'allowed' },
      onRequest: cors
    },
    async (req, reply) => {
      await forms.leave(req.body, { ip: req.ip, userAgent: req.headers['user-agent'], baseUrl: baseUrl(req, config) })
      const receipt: OfflineReceipt = { received: true }
      return reply.code(201).send(receipt)
    }
  )
}
