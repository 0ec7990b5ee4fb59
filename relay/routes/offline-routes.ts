// The offline form: `POST /api/offline-message` (JSON, protocol's OfflineMessage) from the widget
// on an allowed site while no one can chat. The work is in hub/offline.ts; this checks the origin,
// answers CORS and passes the request's IP, user agent and base URL.
import type { FastifyInstance } from 'fastify'
import type { OfflineReceipt } from '../../protocol/index.js'
import { base64Chars, createOfflineForms } from '../hub/offline.js'
import { baseUrl } from './base-url.js'
import { corsPreflight, customerCors } from './customer-cors.js'

/** Registers the offline-form route. */
export const offlineRoutes = (app: FastifyInstance) => {
  const { config, store, hub, tickets, limits } = app.parley
  const forms = createOfflineForms({
    store,
    tickets,
    config,
    site: hub.site,
    outsideHours: hub.outsideHours,
    ticketChanged: hub.ticketChanged,
    limit: limits.offlineMessages
  })

  const cors = customerCors(app)
  corsPreflight(app, '/api/offline-message', 'POST', 'content-type')

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
