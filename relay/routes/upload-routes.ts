// Images: `POST /api/uploads` stores one into a chat, `GET /uploads/:id` serves it back.
//
// Upload ids are capability URLs: 128 random bits, never sequential, learnt only by the people in
// the chat (the uploader's answer and the message that shows the image). Whoever has the URL can
// fetch the image, as with any "secret link"; no one can guess one. `<img>` cannot send headers,
// which is why the URL itself is the credential.
//
// Who may upload, into which chat:
//   - a customer, with `x-parley-token: <visitor token>`, into their current (not ended) chat,
//     from the relay's own pages, an origin on PARLEY_ALLOWED_ORIGINS or one saved in the console's
//     site settings (CORS for those);
//   - an agent, with the session cookie and `x-parley-chat: <chatId>`, into an active chat
//     assigned to them, from the relay's own pages only.
// The body is the raw image. Its type is sniffed from the bytes; the declared type only has to
// say it is an image.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { randomId } from '../../protocol/index.js'
import { SESSION_COOKIE } from '../auth.js'
import { ERR_ENDED, ERR_FORBIDDEN, ERR_NO_CHAT, ERR_NOT_FOUND, ERR_TOO_LARGE, ERR_UNAUTHORIZED, ERR_UNSUPPORTED_TYPE } from '../errors.js'
import { hashToken } from '../hub/hub.js'
import { sniffImage } from '../security/image-sniff.js'
import { isSameOrigin, originAllowed, refuseOrigin } from '../security/origin.js'
import type { UploadInfo } from '../store/uploads.js'

const UPLOAD_ID = /^[\w-]{22}$/
const EXTENSION = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' } as const

/** Registers the upload routes. */
export const uploadRoutes = async (app: FastifyInstance) => {
  const { config, store, auth } = app.parley
  const allowed = (req: FastifyRequest) => originAllowed(req, app.parley)

  /** CORS for customers' pages on allowed origins (no cookies are involved: credentials stay off). */
  const cors = (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('vary', 'Origin')
    if (req.headers.origin && !isSameOrigin(req, config)) reply.header('access-control-allow-origin', req.headers.origin)
  }

  /** The chat a request may upload into, and who is uploading. Throws coded errors. */
  const target = async (req: FastifyRequest): Promise<{ chatId: string; from: UploadInfo['from'] }> => {
    const token = req.headers['x-parley-token']
    if (typeof token === 'string') {
      if (!(await allowed(req))) refuseOrigin()
      const visitor = await store.getVisitorByToken(hashToken(token))
      if (!visitor) throw new ERR_UNAUTHORIZED('Unknown visitor token')
      const chat = await store.latestChatOf(visitor.id)
      if (!chat) throw new ERR_NO_CHAT()
      if (chat.status === 'ended') throw new ERR_ENDED()
      return { chatId: chat.id, from: 'customer' }
    }
    // The session cookie is ambient authority: only the relay's own pages may use it here.
    if (!isSameOrigin(req, config)) refuseOrigin()
    const agent = await auth.agentFor(req.cookies[SESSION_COOKIE])
    if (!agent) throw new ERR_UNAUTHORIZED('Please log in')
    const chatId = req.headers['x-parley-chat']
    const chat = typeof chatId === 'string' ? await store.getChat(chatId) : undefined
    if (!chat || chat.agentId !== agent.id || chat.status !== 'active') throw new ERR_FORBIDDEN('You can upload only into your active chats')
    return { chatId: chat.id, from: 'agent' }
  }

  await app.register(async (scope) => {
    // In this scope only: any body arrives as raw bytes, up to the upload limit.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: config.maxUploadBytes }, (_req, body, done) => done(null, body))

    scope.options('/api/uploads', async (req, reply) => {
      if (!(await allowed(req))) refuseOrigin()
      cors(req, reply)
      return reply
        .header('access-control-allow-methods', 'POST')
        .header('access-control-allow-headers', 'content-type, x-parley-token')
        .header('access-control-max-age', '600')
        .code(204)
        .send()
    })

    const targets = new WeakMap<FastifyRequest, { chatId: string; from: UploadInfo['from'] }>()
    scope.post(
      '/api/uploads',
      {
        bodyLimit: config.maxUploadBytes,
        config: { origin: 'allowed', rateLimit: { max: config.maxUploadsPerMinutePerIp, timeWindow: 60_000 } },
        // Who and where is settled before a byte of the body is read.
        onRequest: async (req, reply) => {
          cors(req, reply)
          targets.set(req, await target(req))
          if (!/^image\//i.test(req.headers['content-type'] ?? '')) throw new ERR_UNSUPPORTED_TYPE('Send the image itself with an image/* content type')
        }
      },
      async (req, reply) => {
        const { chatId, from } = targets.get(req)!
        const body = req.body
        if (!Buffer.isBuffer(body) || body.length === 0) throw new ERR_UNSUPPORTED_TYPE('The upload is empty')
        const sniffed = sniffImage(body, config)
        if (!sniffed.ok) throw sniffed.problem === 'size' ? new ERR_TOO_LARGE(sniffed.reason) : new ERR_UNSUPPORTED_TYPE(sniffed.reason)
        const { mime, width, height } = sniffed.info
        const info: UploadInfo = { id: randomId(16), chatId, from, mime, width, height, bytes: body.length, createdAt: Date.now() }
        await store.putUpload(info, body)
        return reply.code(201).send({ id: info.id, mime, width, height, bytes: info.bytes })
      }
    )
  })

  const serve = async (req: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply) => {
    const found = UPLOAD_ID.test(req.params.id) ? await store.getUpload(req.params.id) : undefined
    if (!found) throw new ERR_NOT_FOUND('Image')
    const { info, data } = found
    return (
      reply
        .header('content-type', info.mime)
        .header('x-content-type-options', 'nosniff')
        // Opened on its own, the file is an inert, sandboxed document that may load nothing.
        .header('content-security-policy', "default-src 'none'; sandbox")
        // Shown by the widget on the customer's site.
        .header('cross-origin-resource-policy', 'cross-origin')
        .header('content-disposition', `inline; filename="${info.id}.${EXTENSION[info.mime]}"`)
        // Private: the URL is a secret, shared caches must not keep the image. Never changes.
        .header('cache-control', 'private, max-age=86400, immutable')
        .send(data)
    )
  }
  app.get<{ Params: { id: string } }>('/uploads/:id', serve)
  // The console builds image URLs as /api/images/:id (console/image-url.ts).
  app.get<{ Params: { id: string } }>('/api/images/:id', serve)
}
