// The chat details view, rename and tag, the archive search and Turn chat into ticket.
import type { FastifyInstance } from 'fastify'
import type { ArchiveHit, ChatDetails, ChatPatch } from '../../protocol/index.js'
import { ERR_NOT_FOUND } from '../errors.js'
import { describeUserAgent } from '../hub/user-agent.js'
import { baseUrl } from './base-url.js'
import { requireAgent } from './session.js'
import { idParams } from './id-params.js'


const patchBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    title: { type: 'string', minLength: 1, maxLength: 200 },
    tags: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 40 } }
  }
} as const

/** Tags are compared and stored trimmed and lower-case, each once. */
export const normaliseTags = (tags: string[]): string[] => [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))]

/** Registers the chat routes (every agent may use them). */
export const chatRoutes = (app: FastifyInstance) => {
  const { hub, store, tickets } = app.parley

  app.get<{ Params: { id: string } }>('/api/chats/:id', { preValidation: requireAgent, schema: { params: idParams } }, async (req): Promise<ChatDetails> => {
    const chat = await store.getChat(req.params.id)
    if (!chat) throw new ERR_NOT_FOUND('Chat')
    const v = chat.visitor
    return {
      chat: await hub.chatSummary(chat.id),
      tech: {
        ...(chat.ip ? { ip: chat.ip } : {}),
        ...(chat.userAgent ? { userAgent: chat.userAgent } : {}),
        ...describeUserAgent(chat.userAgent),
        ...(v.referrer ? { referrer: v.referrer } : {}),
        ...(v.lang ? { lang: v.lang } : {}),
        ...(v.tz ? { tz: v.tz } : {}),
        ...(v.screen ? { screen: v.screen } : {}),
        pages: chat.pages
      },
      messages: await hub.history(chat.id, 0)
    }
  })

  app.patch<{ Params: { id: string }; Body: ChatPatch }>(
    '/api/chats/:id',
    { preValidation: requireAgent, schema: { params: idParams, body: patchBody } },
    async (req) => {
      const { title, tags } = req.body
      return {
        chat: await hub.updateChat(req.params.id, {
          ...(title !== undefined ? { title: title.trim() || 'Chat' } : {}),
          ...(tags !== undefined ? { tags: normaliseTags(tags) } : {})
        })
      }
    }
  )

  app.get<{ Querystring: { q?: string; limit?: number } }>(
    '/api/archive',
    {
      preValidation: requireAgent,
      schema: { querystring: { type: 'object', properties: { q: { type: 'string', maxLength: 200 }, limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 } } } }
    },
    async (req): Promise<{ hits: ArchiveHit[] }> => {
      const limit = req.query.limit ?? 50
      const q = req.query.q?.trim()
      if (!q) {
        const recent = await store.recentChats(limit)
        return { hits: await Promise.all(recent.map(async (c) => ({ chat: await hub.chatSummary(c.id), snippet: c.firstText }))) }
      }
      const found = await store.searchChats(q, limit)
      return { hits: await Promise.all(found.map(async (h) => ({ chat: await hub.chatSummary(h.chatId), snippet: h.snippet }))) }
    }
  )

  app.get('/api/tags', { preValidation: requireAgent }, async () => ({ tags: await store.listTags() }))

  app.post<{ Params: { id: string } }>('/api/chats/:id/ticket', { preValidation: requireAgent, schema: { params: idParams } }, async (req, reply) => {
    const { ticket, created } = await tickets.fromChat(req.params.id, req.agent!.id, baseUrl(req, app.parley.config))
    if (created) {
      await hub.touchChat(ticket.chatId)
      await hub.ticketChanged(ticket)
    }
    return reply.code(created ? 201 : 200).send({ ticket, created })
  })
}
