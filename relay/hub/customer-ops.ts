// What a customer can do: resume, start a chat, write, type, end, move between pages, say who
// they are. Called by the customer socket; every change is announced by the chat writes.
import { createHash } from 'node:crypto'
import { partsText, randomId, type ChatMessage, type CustomerChat, type Part, type PreChatValues, type VisitorInfo } from '../../protocol/index.js'
import { ERR_CHAT_EXISTS, ERR_NOT_FOUND, ERR_QUEUE_FULL, ERR_TOO_LARGE, ERR_UNAVAILABLE } from '../errors.js'
import { bindImages } from '../security/image-parts.js'
import type { IdentityClaim } from '../security/identity.js'
import { encodeVerified } from '../security/identity.js'
import { isProposableToken } from '../security/tokens.js'
import type { ChatRecord, Store, VisitorRecord } from '../store/store.js'
import type { ChatAnnouncer, ChatWrites } from './chat-writes.js'
import type { HubContext } from './context.js'
import { topics } from './events.js'
import type { LiveState } from './live-state.js'
import { checkPreChat } from './pre-chat.js'
import type { SiteState } from './site-state.js'

/** SHA-256 of a bearer token, hex: only hashes are stored, so a copy of the database opens no chat. */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex')

/** What a customer's socket learns when it says hello. */
export interface CustomerResume {
  visitor?: VisitorRecord
  chat?: ChatRecord
  view: CustomerChat | null
}

/** What starting a chat needs. */
export interface StartChat {
  /** the visitor's token, when the browser already has one */
  token?: string
  id: string
  parts: Part[]
  visitor: VisitorInfo
  ip?: string
  userAgent?: string
  /** an identify() the customer made before the chat existed */
  identity?: IdentityClaim
  /** setAttributes() made before the chat existed */
  attributes?: Record<string, string>
  /** what the visitor filled into the pre-chat form */
  preChat?: PreChatValues
}

/** Who the customer says they are, with the site's proofs (security/identity.ts). */
export type { IdentityClaim }

/** Messages returned by one history request, at most. */
const HISTORY_LIMIT = 1000

/** Keys a visitor's attributes may have (the wire format's bound on a summary). */
const MAX_ATTRIBUTE_KEYS = 50

/**
 * Refuses a visitor's attributes (all of them, after merging) over `maxChars` characters of keys
 * and values, or over 50 keys: every agent's panel carries them, so their size is bounded.
 */
export const checkAttributes = (attributes: Record<string, string>, maxChars: number): void => {
  const keys = Object.keys(attributes)
  let chars = 0
  for (const k of keys) chars += k.length + attributes[k]!.length
  if (chars > maxChars || keys.length > MAX_ATTRIBUTE_KEYS)
    throw new ERR_TOO_LARGE(
      `setAttributes: a visitor's attributes may have at most ${maxChars} characters (keys and values) in ${MAX_ATTRIBUTE_KEYS} keys; these would have ${chars} in ${keys.length}`
    )
}

/** What the customer operations need from the read side. */
export interface CustomerReads extends ChatAnnouncer {
  isAvailable(): boolean
  /** the same, asked of the cluster's shared state in cluster mode (authoritative) */
  availableNow(): Promise<boolean>
  /** records the queue position a customer was just told */
  toldPosition(chatId: string, position: number | undefined): void
  customerView(c: ChatRecord): Promise<CustomerChat>
  /** the site settings (pre-chat form, hours) */
  site: SiteState
}

/** Creates the customer operations. */
export const createCustomerOps = (ctx: HubContext, live: LiveState, writes: ChatWrites, reads: CustomerReads) => {
  const { store, config, now, publish, checkIdentity } = ctx

  /** Stores an identity claim and/or attributes on a visitor (no announcement); returns it updated. */
  const applyClaims = async (visitor: VisitorRecord, claim?: IdentityClaim, attributes?: Record<string, string>): Promise<VisitorRecord> => {
    const patch: Parameters<Store['updateVisitor']>[1] = {}
    if (claim) {
      // Only what the site proved is marked; a token's claims replace the plain ones.
      const checked = await checkIdentity(claim)
      patch.verified = encodeVerified(checked.verified)
      if (checked.id !== undefined) patch.externalId = checked.id
      if (checked.name !== undefined) patch.name = checked.name
      if (checked.email !== undefined) patch.email = checked.email
    }
    if (attributes) {
      patch.attributes = { ...visitor.attributes, ...attributes }
      checkAttributes(patch.attributes, config.maxAttributeChars)
    }
    await store.updateVisitor(visitor.id, patch)
    await live.reloadVisitor(visitor.id)
    return { ...visitor, ...patch }
  }

  const publishVisitorChats = async (visitorId: string) => {
    const latest = await store.latestChatOf(visitorId)
    if (latest && latest.status !== 'ended') {
      await reads.publishChat(latest.id)
    }
  }

  const visitorOf = async (token: string) => {
    const visitor = await store.getVisitorByToken(hashToken(token))
    if (!visitor) throw new ERR_NOT_FOUND('Session')
    return visitor
  }

  return {
    /** Finds the visitor behind `token` and their newest chat. */
    async resume(token: string | undefined): Promise<CustomerResume> {
      const visitor = token ? await store.getVisitorByToken(hashToken(token)) : undefined
      const chat = visitor && (await store.latestChatOf(visitor.id))
      return { visitor, chat, view: chat ? await reads.customerView(chat) : null }
    },

    /** Starts a chat with its first message. Refused while no agent is available. Idempotent on `id`. */
    async startChat(s: StartChat): Promise<{ token: string; chat: ChatRecord; message: ChatMessage; view: CustomerChat }> {
      writes.checkText(s.parts)
      // Uploads go into an existing chat, so a first message cannot show an image.
      await bindImages(store, undefined, s.parts)
      let visitor = s.token ? await store.getVisitorByToken(hashToken(s.token)) : undefined
      // A token the client proposed makes a resent start (its answer lost) find this visitor again.
      const token = s.token && (visitor || isProposableToken(s.token)) ? s.token : randomId(24)
      if (visitor) {
        const open = await store.latestChatOf(visitor.id)
        if (open && open.status !== 'ended') {
          // A resent start (its ack was lost): answer as the first time, store nothing new.
          const [first] = await store.messagesAfter(open.id, 0, 1)
          if (first?.id === s.id) return { token, chat: open, message: first, view: await reads.customerView(open) }
          throw new ERR_CHAT_EXISTS()
        }
      }
      // The seed's rule: no chat while nobody is available anywhere (every node, in cluster mode).
      if (!(await reads.availableNow())) throw new ERR_UNAVAILABLE()
      if (live.openChats('waiting').length >= config.maxQueueLength) throw new ERR_QUEUE_FULL()
      // The pre-chat form: what an identified visitor's site already told us counts as filled in.
      const preChat = checkPreChat(reads.site.settings().preChat, s.preChat, {
        name: visitor?.name ?? s.identity?.name,
        email: visitor?.email ?? s.identity?.email
      })
      if (!visitor) {
        visitor = { id: randomId(12), tokenHash: hashToken(token), verified: 0, createdAt: now() }
        await store.createVisitor(visitor)
      }
      // Claims made before the chat existed apply before anyone sees it: agents never see a
      // "Visitor" that turns into a name a moment later.
      if (s.identity || s.attributes) visitor = await applyClaims(visitor, s.identity, s.attributes)
      // The form's name and email are the visitor's own words: they never replace the site's.
      const typed = { ...(preChat.name && !visitor.name ? { name: preChat.name } : {}), ...(preChat.email && !visitor.email ? { email: preChat.email } : {}) }
      if (typed.name || typed.email) {
        await store.updateVisitor(visitor.id, typed)
        visitor = { ...visitor, ...typed }
      }
      const firstText = partsText(s.parts).slice(0, 500)
      const title = visitor.name || visitor.email || firstText.split('\n')[0]!.slice(0, 60) || 'Chat'
      const { chat, message, existing } = await store.createChat(
        {
          id: randomId(12),
          visitorId: visitor.id,
          status: 'waiting',
          title,
          createdAt: now(),
          firstText,
          tags: [],
          visitor: s.visitor,
          ...(preChat.topic ? { topic: preChat.topic } : {}),
          ...(s.ip ? { ip: s.ip } : {}),
          ...(s.userAgent ? { userAgent: s.userAgent } : {})
        },
        { id: s.id, from: 'customer', parts: s.parts, at: now(), ...(visitor.name ? { name: visitor.name } : {}) },
        true
      )
      // The same start, resent through another node while the first one was making its chat.
      if (existing) {
        if (message.id !== s.id) throw new ERR_CHAT_EXISTS()
        return { token, chat, message, view: await reads.customerView(chat) }
      }
      await live.reloadChat(chat.id)
      reads.chatChanged(chat.id)
      const view = await reads.customerView(chat)
      reads.toldPosition(chat.id, view.position)
      return { token, chat, message, view }
    },

    /** A customer's message in their chat. Idempotent on the client id. */
    async customerSend(chatId: string, m: { id: string; parts: Part[] }): Promise<ChatMessage> {
      const chat = await live.chat(chatId)
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      const visitor = await live.visitor(chat.visitorId)
      return writes.append(chat, { ...m, from: 'customer', ...(visitor?.name ? { name: visitor.name } : {}) })
    },

    /** The customer ends their chat. */
    async customerEnd(chatId: string) {
      const chat = await live.chat(chatId)
      if (chat) await writes.end(chat, 'customer')
    },

    /** Passes the customer's typing state (and draft preview) to the chat's agent. */
    async customerTyping(chatId: string, on: boolean, text?: string) {
      // The preview is bounded like a message: it can never carry more than could be sent.
      const preview = text?.slice(0, config.maxTextChars)
      await publish(topics.chat(chatId), { kind: 'typing', chatId, from: 'customer', on, ...(preview !== undefined ? { text: preview } : {}) })
    },

    /** Refuses attributes over the bound (for ones held until a chat starts); see `checkAttributes`. */
    checkAttributes: (attributes: Record<string, string>) => checkAttributes(attributes, config.maxAttributeChars),

    /** Messages of a chat after `after`. */
    history: (chatId: string, after: number) => store.messagesAfter(chatId, after, HISTORY_LIMIT),

    /** The customer went to another page: the info card follows them. */
    async customerPage(chatId: string, url: string, title?: string) {
      const chat = await live.chat(chatId)
      if (!chat || chat.status === 'ended' || chat.pages.at(-1)?.url === url) return
      await store.addPage(chatId, { url, ...(title ? { title } : {}), at: now() })
      await live.reloadChat(chatId)
      await reads.publishChat(chatId)
    },

    /** Records who the customer says they are; marks only what the site proved (security/identity.ts). */
    async identify(token: string, claim: IdentityClaim) {
      const visitor = await visitorOf(token)
      await applyClaims(visitor, claim)
      await publishVisitorChats(visitor.id)
    },

    /** Stores site-defined attributes for the agent's info card. */
    async setAttributes(token: string, attributes: Record<string, string>) {
      const visitor = await visitorOf(token)
      await applyClaims(visitor, undefined, attributes)
      await publishVisitorChats(visitor.id)
    }
  }
}
