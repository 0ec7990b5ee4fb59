// The domain core: chats, the waiting queue, assignment and presence. It knows nothing of Fastify
// or sockets: adapters call these operations and subscribe to the events it publishes on the Bus.
import { createHash } from 'node:crypto'
import {
  partsText,
  randomId,
  type ChatMessage,
  type ChatSummary,
  type CustomerChat,
  type Part,
  type SiteSettings,
  type Ticket,
  type VisitorInfo
} from '../../protocol/index.js'
import type { Bus } from '../bus/bus.js'
import type { RelayConfig } from '../config.js'
import {
  ERR_CHAT_EXISTS,
  ERR_ENDED,
  ERR_FORBIDDEN,
  ERR_MAX_CHATS,
  ERR_NOT_FOUND,
  ERR_TAKEN,
  ERR_TOO_LARGE,
  ERR_QUEUE_FULL,
  ERR_UNAVAILABLE
} from '../errors.js'
import { bindImages } from '../security/image-parts.js'
import { isProposableToken } from '../security/tokens.js'
import type { AgentRecord, ChatRecord, Store, VisitorRecord } from '../store/store.js'
import { topics, type HubEvent } from './events.js'
import { createPresence } from './presence.js'
import { createReadModel } from './read-model.js'
import { toSelf } from './views.js'

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
  name?: string
  email?: string
  visitor: VisitorInfo
  ip?: string
  userAgent?: string
  /** an identify() the customer made before the chat existed */
  identity?: IdentityClaim
  /** setAttributes() made before the chat existed */
  attributes?: Record<string, string>
}

/** Who the customer says they are; `hash` proves `id` (HMAC with the identity secret). */
export interface IdentityClaim {
  id?: string
  name?: string
  email?: string
  hash?: string
}

/** Site settings before an admin changes them. */
export const SITE_DEFAULTS: SiteSettings = { allowedOrigins: [], widgetTitle: 'Chat with us', widgetColor: '#0b5fff', greeting: '' }

/** Messages returned by one history request, at most. */
const HISTORY_LIMIT = 1000

export type Hub = ReturnType<typeof createHub>

/** Creates the hub over a store and a bus. `now` is injectable for tests (ms since epoch). */
export const createHub = (deps: {
  store: Store
  bus: Bus
  config: Readonly<RelayConfig>
  now?: () => number
  /** called with errors of background work (presence timers); default: rethrown */
  onError?: (err: unknown) => void
  /** checks an identity claim: `hash` must be the HMAC of `id` with the site's secret; default: never */
  verifyIdentity?: (id: string, hash: string) => boolean
  /** picks an auto-greeting; injectable for tests (default: at random) */
  pick?: <T>(items: readonly T[]) => T
}) => {
  const { store, bus, config } = deps
  const now = deps.now ?? Date.now
  const onError =
    deps.onError ??
    ((err: unknown) => {
      throw err
    })
  const verifyIdentity = deps.verifyIdentity ?? (() => false)
  const pick = deps.pick ?? (<T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!)
  let available = false
  let closed = false
  /** chats of agents who went away, returning to the queue when the timer fires */
  const requeueTimers = new Map<string, NodeJS.Timeout>()

  const publish = (topic: string, e: HubEvent) => bus.publish(topic, e)

  const presence = createPresence(config.agentGraceMs, (agentId) => {
    if (closed) return
    if (presence.isPresent(agentId)) {
      clearTimeout(requeueTimers.get(agentId))
      requeueTimers.delete(agentId)
    } else if (!requeueTimers.has(agentId)) {
      // Their chats stay theirs for a while (a flaky network, a browser restart), then go to the
      // front of the queue so the customer is not left talking to nobody.
      const t = setTimeout(() => {
        requeueTimers.delete(agentId)
        if (!closed && !presence.isPresent(agentId)) requeueAgentChats(agentId).catch(onError)
      }, Math.max(0, config.chatGraceMs - config.agentGraceMs))
      t.unref()
      requeueTimers.set(agentId, t)
    }
    changed().catch(onError)
  })

  /** Puts an agent's chat back at the front of the queue; the customer is told. */
  const requeue = async (chatId: string, fromAgentId: string, by?: string) => {
    if (!(await store.requeueChat(chatId))) return
    await system(chatId, 'requeued', by)
    await publishChat(chatId, [fromAgentId])
  }

  const requeueAgentChats = async (agentId: string) => {
    const chats = (await store.listChats('active')).filter((c) => c.agentId === agentId)
    for (const c of chats) await requeue(c.id, agentId)
    if (chats.length) await changed()
  }

  const checkText = (parts: Part[]) => {
    for (const p of parts)
      if (p.type === 'text' && p.text.length > config.maxTextChars)
        throw new ERR_TOO_LARGE(`A message may have at most ${config.maxTextChars} characters`)
  }

  const isAgentAvailable = (a: AgentRecord) => a.on && !a.disabled && presence.isPresent(a.id)
  const { panel, summary, customerView } = createReadModel(store, isAgentAvailable)

  /** Stores an identity claim and/or attributes on a visitor (no announcement); returns it updated. */
  const applyClaims = async (visitor: VisitorRecord, claim?: IdentityClaim, attributes?: Record<string, string>): Promise<VisitorRecord> => {
    const patch: Parameters<Store['updateVisitor']>[1] = {}
    if (claim) {
      patch.verified = !!(claim.id && claim.hash && verifyIdentity(claim.id, claim.hash))
      if (claim.id !== undefined) patch.externalId = claim.id
      if (claim.name !== undefined) patch.name = claim.name
      if (claim.email !== undefined) patch.email = claim.email
    }
    if (attributes) patch.attributes = { ...visitor.attributes, ...attributes }
    await store.updateVisitor(visitor.id, patch)
    return { ...visitor, ...patch }
  }

  const publishVisitorChats = async (visitorId: string) => {
    const latest = await store.latestChatOf(visitorId)
    if (latest && latest.status !== 'ended') {
      await publishChat(latest.id)
      await changed()
    }
  }

  /** Tells the chat's sockets, its agent and `alsoAgents` (e.g. the one it was taken from) its new state. */
  const publishChat = async (chatId: string, alsoAgents: string[] = []) => {
    const c = await store.getChat(chatId)
    if (!c) return
    const e: HubEvent = { kind: 'chat', summary: await summary(c), customer: await customerView(c) }
    await publish(topics.chat(chatId), e)
    for (const agentId of new Set([...(c.agentId ? [c.agentId] : []), ...alsoAgents])) await publish(topics.agent(agentId), e)
  }

  /** Recomputes availability and the panel and tells everyone. Called after any change of state. */
  const changed = async () => {
    const agents = await store.listAgents()
    const next = agents.some(isAgentAvailable)
    if (next !== available) {
      available = next
      await publish(topics.customers, { kind: 'availability', available })
    }
    const p = await panel()
    await publish(topics.agents, { kind: 'panel', panel: p })
    // Queue positions move whenever the queue does.
    await Promise.all(
      p.waiting.map((w, i) =>
        publish(topics.chat(w.id), { kind: 'chat', summary: w, customer: { id: w.id, status: 'waiting', lastSeq: w.lastSeq, position: i + 1 } })
      )
    )
  }

  const system = async (chatId: string, event: ChatMessage['event'], name?: string) => {
    const { message } = await store.appendMessage(chatId, { id: 'sys-' + randomId(9), from: 'system', parts: [], at: now(), event, ...(name ? { name } : {}) })
    await publish(topics.chat(chatId), { kind: 'message', message })
  }

  const append = async (chat: ChatRecord, m: { id: string; from: 'customer' | 'agent'; name?: string; parts: Part[] }) => {
    if (chat.status === 'ended') throw new ERR_ENDED()
    checkText(m.parts)
    // Images: only this chat's uploads, described by the stored upload rather than the client.
    const parts = await bindImages(store, chat.id, m.parts)
    const { message, duplicate } = await store.appendMessage(chat.id, { ...m, parts, at: now() })
    if (!duplicate) await publish(topics.chat(chat.id), { kind: 'message', message })
    return message
  }

  const end = async (chat: ChatRecord, by: string) => {
    if (!(await store.endChat(chat.id, now()))) return
    await system(chat.id, 'ended', by)
    await publishChat(chat.id)
    await changed()
  }

  const agentChat = async (agentId: string, chatId: string) => {
    const chat = await store.getChat(chatId)
    if (!chat) throw new ERR_NOT_FOUND('Chat')
    if (chat.agentId !== agentId) throw new ERR_FORBIDDEN('This chat is not yours')
    return chat
  }

  const agentRecord = async (agentId: string) => {
    const a = await store.getAgent(agentId)
    if (!a) throw new ERR_NOT_FOUND('Agent')
    return a
  }

  return {
    /** True while at least one agent has chat on and a live console. */
    isAvailable: () => available,

    /** Computes the initial availability; call once after creating the hub. */
    init: changed,

    panel,

    // ---- customers ----

    /** Finds the visitor behind `token` and their newest chat. */
    async resume(token: string | undefined): Promise<CustomerResume> {
      const visitor = token ? await store.getVisitorByToken(hashToken(token)) : undefined
      const chat = visitor && (await store.latestChatOf(visitor.id))
      return { visitor, chat, view: chat ? await customerView(chat) : null }
    },

    /** Starts a chat with its first message. Refused while no agent is available. Idempotent on `id`. */
    async startChat(s: StartChat): Promise<{ token: string; chat: ChatRecord; message: ChatMessage; view: CustomerChat }> {
      checkText(s.parts)
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
          if (first?.id === s.id) return { token, chat: open, message: first, view: await customerView(open) }
          throw new ERR_CHAT_EXISTS()
        }
      }
      if (!available) throw new ERR_UNAVAILABLE()
      if ((await store.listChats('waiting')).length >= config.maxQueueLength) throw new ERR_QUEUE_FULL()
      if (!visitor) {
        visitor = { id: randomId(12), tokenHash: hashToken(token), verified: false, createdAt: now() }
        if (s.name) visitor.name = s.name
        if (s.email) visitor.email = s.email
        await store.createVisitor(visitor)
      }
      // Claims made before the chat existed apply before anyone sees it: agents never see a
      // "Visitor" that turns into a name a moment later.
      if (s.identity || s.attributes) visitor = await applyClaims(visitor, s.identity, s.attributes)
      const firstText = partsText(s.parts).slice(0, 500)
      const title = visitor.name || visitor.email || firstText.split('\n')[0]!.slice(0, 60) || 'Chat'
      const { chat, message } = await store.createChat(
        {
          id: randomId(12),
          visitorId: visitor.id,
          status: 'waiting',
          title,
          createdAt: now(),
          firstText,
          tags: [],
          visitor: s.visitor,
          ...(s.ip ? { ip: s.ip } : {}),
          ...(s.userAgent ? { userAgent: s.userAgent } : {})
        },
        { id: s.id, from: 'customer', parts: s.parts, at: now(), ...(visitor.name ? { name: visitor.name } : {}) }
      )
      await changed()
      return { token, chat, message, view: await customerView(chat) }
    },

    /** A customer's message in their chat. Idempotent on the client id. */
    async customerSend(chatId: string, m: { id: string; parts: Part[] }): Promise<ChatMessage> {
      const chat = await store.getChat(chatId)
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      const visitor = await store.getVisitor(chat.visitorId)
      return append(chat, { ...m, from: 'customer', ...(visitor?.name ? { name: visitor.name } : {}) })
    },

    /** The customer ends their chat. */
    async customerEnd(chatId: string) {
      const chat = await store.getChat(chatId)
      if (chat) await end(chat, 'customer')
    },

    /** Passes the customer's typing state (and draft preview) to the chat's agent. */
    async customerTyping(chatId: string, on: boolean, text?: string) {
      // The preview is bounded like a message: it can never carry more than could be sent.
      const preview = text?.slice(0, config.maxTextChars)
      await publish(topics.chat(chatId), { kind: 'typing', chatId, from: 'customer', on, ...(preview !== undefined ? { text: preview } : {}) })
    },

    /** Messages of a chat after `after`. */
    history: (chatId: string, after: number) => store.messagesAfter(chatId, after, HISTORY_LIMIT),

    // ---- agents ----

    /** An agent's console connected. */
    agentConnected: (agentId: string) => presence.connect(agentId),
    /** An agent's console disconnected: presence keeps them for the grace period unless it died. */
    agentDisconnected: (agentId: string, dead = false) => {
      if (!closed) presence.disconnect(agentId, dead ? 0 : undefined)
    },

    /** The agent's own account. */
    async self(agentId: string) {
      return toSelf(await agentRecord(agentId))
    },

    /** The active chats assigned to the agent. */
    async mine(agentId: string): Promise<ChatSummary[]> {
      const active = (await store.listChats('active')).filter((c) => c.agentId === agentId)
      return Promise.all(active.map(summary))
    },

    /** Switches the agent's chat on or off (kept in the store, so across reloads and devices). */
    async setStatus(agentId: string, on: boolean) {
      const a = await store.updateAgent(agentId, { on })
      if (!a) throw new ERR_NOT_FOUND('Agent')
      await publish(topics.agent(agentId), { kind: 'me', me: toSelf(a) })
      await changed()
    },

    /** Answers a waiting chat. Exactly one of several agents answering at once wins. */
    async accept(agentId: string, chatId: string): Promise<ChatSummary> {
      const agent = await agentRecord(agentId)
      const result = await store.assignChat(chatId, agentId, agent.maxChats, now())
      if (result === 'not_found') throw new ERR_NOT_FOUND('Chat')
      if (result === 'taken') throw new ERR_TAKEN()
      if (result === 'max_chats') throw new ERR_MAX_CHATS(String(agent.maxChats))
      await system(chatId, 'joined', agent.displayName)
      if (agent.greetings.length) {
        const { message } = await store.appendMessage(chatId, {
          id: 'greet-' + randomId(9),
          from: 'agent',
          name: agent.displayName,
          parts: [{ type: 'text', text: pick(agent.greetings) }],
          at: now()
        })
        await publish(topics.chat(chatId), { kind: 'message', message })
      }
      await publishChat(chatId)
      await changed()
      return summary((await store.getChat(chatId))!)
    },

    /** An agent's message in one of their chats. Idempotent on the client id. */
    async agentSend(agentId: string, chatId: string, m: { id: string; parts: Part[] }): Promise<ChatMessage> {
      const [chat, agent] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      return append(chat, { ...m, from: 'agent', name: agent.displayName })
    },

    /** The agent ends one of their chats. */
    async agentEnd(agentId: string, chatId: string) {
      const [chat, agent] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      await end(chat, agent.displayName)
    },

    /** Passes the agent's typing state to the chat's customer. */
    async agentTyping(agentId: string, chatId: string, on: boolean) {
      const [chat, agent] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      if (chat.status !== 'ended') await publish(topics.chat(chatId), { kind: 'typing', chatId, from: 'agent', on, name: agent.displayName })
    },

    /** Hands an agent's chat to another active agent, or back to the front of the queue (`to` absent). */
    async transfer(agentId: string, chatId: string, to?: string) {
      const [chat, from] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      if (chat.status !== 'active') throw new ERR_ENDED()
      if (!to) {
        await requeue(chatId, agentId, from.displayName)
        return changed()
      }
      const target = await store.getAgent(to)
      if (!target || !isAgentAvailable(target)) throw new ERR_NOT_FOUND('Active agent')
      const result = await store.transferChat(chatId, agentId, to, target.maxChats)
      if (result === 'not_yours') throw new ERR_FORBIDDEN('This chat is not yours')
      if (result === 'max_chats') throw new ERR_MAX_CHATS(String(target.maxChats))
      await system(chatId, 'transferred', target.displayName)
      // Both agents hear of it: the new one to open it, the old one to let it go.
      await publishChat(chatId, [agentId])
      await changed()
    },

    /** Saves the agent's own settings (the seed's Settings control). */
    async saveSettings(agentId: string, s: { greetings: string[]; maxChats: number; displayName: string; sound: boolean; notifications: boolean }) {
      const a = await store.updateAgent(agentId, s)
      if (!a) throw new ERR_NOT_FOUND('Agent')
      await publish(topics.agent(agentId), { kind: 'me', me: toSelf(a) })
      await changed()
      return toSelf(a)
    },

    /** The customer went to another page: the info card follows them. */
    async customerPage(chatId: string, url: string, title?: string) {
      const chat = await store.getChat(chatId)
      if (!chat || chat.status === 'ended' || chat.pages.at(-1)?.url === url) return
      await store.addPage(chatId, { url, ...(title ? { title } : {}), at: now() })
      await publishChat(chatId)
      await changed()
    },

    /** Records who the customer says they are; verified only with a valid HMAC of `id`. */
    async identify(token: string, claim: IdentityClaim) {
      const visitor = await store.getVisitorByToken(hashToken(token))
      if (!visitor) throw new ERR_NOT_FOUND('Session')
      const updated = await applyClaims(visitor, claim)
      await publishVisitorChats(visitor.id)
      return updated.verified
    },

    /** Stores site-defined attributes for the agent's info card. */
    async setAttributes(token: string, attributes: Record<string, string>) {
      const visitor = await store.getVisitorByToken(hashToken(token))
      if (!visitor) throw new ERR_NOT_FOUND('Session')
      await applyClaims(visitor, undefined, attributes)
      await publishVisitorChats(visitor.id)
    },

    /** Renames and/or retags a chat (any agent may). */
    async updateChat(chatId: string, patch: { title?: string; tags?: string[] }) {
      if (!(await store.updateChat(chatId, patch))) throw new ERR_NOT_FOUND('Chat')
      await publishChat(chatId)
      await changed()
      return summary((await store.getChat(chatId))!)
    },

    /** Tells the agent's consoles and everyone's panel that an account changed. */
    async agentChanged(agentId: string) {
      await publish(topics.agent(agentId), { kind: 'me', me: toSelf(await agentRecord(agentId)) })
      await changed()
    },

    /** Ends every session of an agent and closes their open sockets at once. */
    async revokeAgent(agentId: string) {
      await store.deleteAgentSessions(agentId)
      await publish(topics.agent(agentId), { kind: 'revoked' })
      await changed()
    },

    /** Tells everyone a chat changed outside the hub (e.g. it got a ticket). */
    async touchChat(chatId: string) {
      await publishChat(chatId)
      await changed()
    },

    /** Tells every agent about a new or changed ticket. */
    ticketChanged: (ticket: Ticket) => publish(topics.agents, { kind: 'ticket', ticket }),

    /** The site settings, with defaults for what the admin never set. */
    site: () => store.getSiteSettings(SITE_DEFAULTS),

    /** A chat's summary, for any agent (agents of a team see every chat). */
    async chatSummary(chatId: string): Promise<ChatSummary> {
      const chat = await store.getChat(chatId)
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      return summary(chat)
    },

    /** Stops timers. */
    close() {
      closed = true
      for (const t of requeueTimers.values()) clearTimeout(t)
      requeueTimers.clear()
      presence.close()
    }
  }
}
