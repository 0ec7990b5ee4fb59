// The chat details view, rename and tag, the archive search and Turn chat into ticket.
import type { FastifyInstance } from 'fastify'
import type { ArchiveHit, ArchivePage, ChatDetails, ChatPatch } from '../../protocol/index.js'
import { ERR_NOT_FOUND } from '../errors.js'
import { describeUserAgent } from '../hub/user-agent.js'
import { baseUrl } from './base-url.js'
import type { ArchivePageRecord } from '../store/store.js'
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

  // The archive: a search (q), or without q the chats ended most recently; a page at a time, the
  // next one asked for with the previous page's `next`. The store runs the query off the event
  // loop within PARLEY_SEARCH_TIMEOUT_MS (SQLite: the archive worker thread).
  app.get<{ Querystring: { q?: string; limit?: number; cursor?: string } }>(
    '/api/archive',
    {
      preValidation: requireAgent,
      schema: {
        querystring: {
          type: 'object',
          properties: {
            q: { type: 'string', maxLength: 200 },
            limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
            cursor: { type: 'string', pattern: '^[\\w.-]{1,64}$' }
          }
        }
      }
    },
    async (req): Promise<ArchivePage> => {
      const { limit = 50, cursor } = req.query
      const q = req.query.q?.trim()
      const page = { limit, ...(cursor ? { cursor } : {}) }
      let found: ArchivePageRecord
      if (q) found = store.searchArchive ? await store.searchArchive(q, page) : { hits: cursor ? [] : await store.searchChats(q, limit) }
      else if (store.recentArchive) found = await store.recentArchive(page)
      else found = { hits: cursor ? [] : (await store.recentChats(limit)).map((c) => ({ chatId: c.id, snippet: c.firstText })) }
      // A chat deleted since the query ran is left out.
      const hits = await Promise.all(found.hits.map(async (h) => ({ chat: await hub.chatSummary(h.chatId).catch(() => undefined), snippet: h.snippet })))
      return {
        hits: hits.filter((h): h is ArchiveHit => h.chat !== undefined),
        ...(found.next ? { next: found.next } : {}),
        ...(found.timedOut ? { timedOut: true } : {})
      }
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
