// `GET /api/transcript`: the visitor downloads their latest chat as plain text, authenticated by
// their visitor token (`x-parley-token`, as uploads are), from the relay's pages or an allowed
// origin (CORS). Offered while the site's `transcripts` is on; messages as the visitor saw them,
// never internal notes.
import type { FastifyInstance } from 'fastify'
import { ERR_NO_CHAT, ERR_NOT_OFFERED, ERR_UNAUTHORIZED } from '../errors.js'
import { hashToken } from '../hub/hub.js'
import { visitorDocument } from '../hub/transcript-mail.js'
import { baseUrl } from './base-url.js'
import { corsPreflight, customerCors } from './customer-cors.js'

/** Registers the transcript download route. */
export const transcriptRoutes = (app: FastifyInstance) => {
  const { config, store, hub } = app.parley

  const cors = customerCors(app)
  corsPreflight(app, '/api/transcript', 'GET', 'x-parley-token')

  app.get('/api/transcript', { onRequest: cors }, async (req, reply) => {
    const site = await hub.site()
    if (!site.transcripts) throw new ERR_NOT_OFFERED('Transcripts are not offered on this site')
    const token = req.headers['x-parley-token']
    const visitor = typeof token === 'string' ? await store.getVisitorByToken(hashToken(token)) : undefined
    if (!visitor) throw new ERR_UNAUTHORIZED('Unknown visitor token')
    const chat = await store.latestChatOf(visitor.id)
    if (!chat) throw new ERR_NO_CHAT()
    const messages = await store.messagesAfter(chat.id, 0, 10_000)
    const text = visitorDocument(site.widgetTitle || 'Chat', chat.createdAt, messages, baseUrl(req, config))
    const day = new Date(chat.createdAt).toISOString().slice(0, 10)
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', `attachment; filename="chat-${day}.txt"`)
      .header('cache-control', 'no-store')
      .header('x-content-type-options', 'nosniff')
      .send(text)
  })
}
