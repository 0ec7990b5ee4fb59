// The offline form (issue 12): while no one can chat and the site's offline mode is `form`, a
// visitor leaves their name, email, message and perhaps an image. It is stored as an ended chat
// marked `offline` (and `outside_hours` when it came outside business hours) and becomes a ticket
// through the same pipeline as "Turn chat into ticket": the console's Tickets list hears of it
// live and the signed webhook fires. A filled-in honeypot is answered like a success and stores
// nothing; each IP may send `maxOfflineMessagesPerHourPerIp` per hour (the injected `limit`).
import { parseOfflineMessage, randomId, type Part, type SiteSettings, type Ticket, type VisitorInfo } from '../../protocol/index.js'
import type { RelayConfig } from '../config.js'
import { ERR_BAD_INPUT, ERR_NOT_OFFERED, ERR_RATE_LIMITED, ERR_TOO_LARGE, ERR_UNSUPPORTED_TYPE } from '../errors.js'
import { sniffImage } from '../security/image-sniff.js'
import type { Store } from '../store/store.js'
import type { HourlyLimit } from './hourly-limit.js'
import { hashToken } from './customer-ops.js'
import type { Tickets } from './tickets.js'

/** Base64 characters of an image of `bytes` bytes. */
export const base64Chars = (bytes: number) => Math.ceil(bytes / 3) * 4

/** What a form arrived with besides its body. */
export interface OfflineRequest {
  ip: string
  userAgent?: string
  /** the relay's base URL for this request (links in the ticket) */
  baseUrl: string
  visitor?: VisitorInfo
}

export type OfflineForms = ReturnType<typeof createOfflineForms>

/** Creates the offline-form service over the store and the ticket pipeline. */
export const createOfflineForms = (deps: {
  store: Store
  tickets: Tickets
  config: Readonly<RelayConfig>
  site: () => Promise<SiteSettings>
  outsideHours: () => boolean
  /** tells every agent about the new ticket (the console's Tickets list) */
  ticketChanged: (ticket: Ticket) => Promise<void>
  /** messages per IP per hour (limits.offlineMessages: this node's count, or the cluster's) */
  limit: HourlyLimit
  now?: () => number
}) => {
  const { store, tickets, config } = deps
  const now = deps.now ?? Date.now

  return {
    /**
     * Takes one form. Resolves with the ticket made (undefined for a honeypot hit, which is
     * answered like a success). Throws coded errors: `not_offered` unless the mode is `form`,
     * `bad_frame` naming the field, `rate_limited` past the hourly limit, image errors.
     */
    async leave(body: unknown, req: OfflineRequest): Promise<Ticket | undefined> {
      if ((await deps.site()).offlineMode !== 'form') throw new ERR_NOT_OFFERED('This site does not take messages while no one is online')
      const parsed = parseOfflineMessage(body, config.maxTextChars, base64Chars(config.maxUploadBytes))
      if (!parsed.ok) throw new ERR_BAD_INPUT(parsed.error)
      const form = parsed.value
      if (!(await deps.limit.take(req.ip))) throw new ERR_RATE_LIMITED('Too many messages from this network; please try again in an hour')
      // A bot filled in the field people never see: it is told "received", nothing is stored.
      if (form.website) return undefined
      let image: { data: Buffer; mime: Extract<Part, { type: 'image' }>['mime']; width: number; height: number } | undefined
      if (form.image) {
        const data = Buffer.from(form.image, 'base64')
        const sniffed = sniffImage(data, config)
        if (!sniffed.ok) throw sniffed.problem === 'size' ? new ERR_TOO_LARGE(`image: ${sniffed.reason}`) : new ERR_UNSUPPORTED_TYPE(`image: ${sniffed.reason}`)
        image = { data, ...sniffed.info }
      }
      const at = now()
      const visitor = { id: randomId(12), tokenHash: hashToken(randomId(24)), verified: 0, name: form.name, email: form.email, createdAt: at }
      await store.createVisitor(visitor)
      const chatId = randomId(12)
      await store.createChat(
        {
          id: chatId,
          visitorId: visitor.id,
          status: 'ended',
          endedAt: at,
          title: form.name,
          createdAt: at,
          firstText: form.message.slice(0, 500),
          tags: [],
          visitor: req.visitor ?? {},
          offline: true,
          ...(deps.outsideHours() ? { outsideHours: true } : {}),
          ip: req.ip,
          ...(req.userAgent ? { userAgent: req.userAgent.slice(0, 512) } : {})
        },
        { id: randomId(12), from: 'customer', name: form.name, parts: [{ type: 'text', text: form.message }], at }
      )
      if (image) {
        const id = randomId(16)
        const { mime, width, height, data } = image
        await store.putUpload({ id, chatId, from: 'customer', mime, width, height, bytes: data.length, createdAt: at }, data)
        await store.appendMessage(chatId, { id: randomId(12), from: 'customer', name: form.name, parts: [{ type: 'image', id, mime, width, height }], at })
      }
      const { ticket } = await tickets.fromChat(chatId, undefined, req.baseUrl)
      await deps.ticketChanged(ticket)
      return ticket
    }
  }
}
