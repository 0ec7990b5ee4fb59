// `/ws/customer`: the widget's socket. A thin adapter: parse a frame, call the hub, answer.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CLOSE, PROTOCOL_VERSION, parseCustomerMsg, type CustomerMsg, type RelayToCustomer, type VisitorInfo } from '../../protocol/index.js'
import type { RelayConfig } from '../config.js'
import { ERR_NO_CHAT } from '../errors.js'
import { createTranscriptMail } from '../hub/transcript-mail.js'
import { baseUrl } from './base-url.js'
import { topics, type HubEvent } from '../hub/events.js'
import type { Hub, IdentityClaim } from '../hub/hub.js'
import type { Heartbeat } from './heartbeat.js'
import type { Bus, Unsubscribe } from '../bus/bus.js'
import { admitSocket } from '../limits/admission.js'
import { allowedOriginOnly } from '../security/origin.js'
import { isProposableToken } from '../security/tokens.js'
import type { WebSocket } from 'ws'
import {
  keepResponse,
  protocolLoop,
  refusedVersion,
  releaseRequest,
  sendFrame,
  sendFrameToAll,
  sendMessageFrame,
  type ProtocolHandlers,
  type SocketLoop
} from './socket-kit.js'

// Errors about a message name it (identify's `id` is the site's user id, not a message).
const refOf = (msg: CustomerMsg) => (msg.type === 'send' || msg.type === 'start' ? msg.id : undefined)

/**
 * One customer socket's state: one object, handled by functions shared by every socket (idle
 * sockets are most of a relay's memory). Per-socket structures come only when used.
 */
interface Customer {
  readonly socket: WebSocket
  readonly ip: string
  readonly userAgent: string | undefined
  /** the relay's base URL as this socket reached it (links in a transcript mail) */
  readonly base: string
  /** the frame loop (hello, log) */
  frames: SocketLoop<CustomerMsg, Customer>
  token?: string
  chatId?: string
  /** the hello's details, and what `start` and `page` added */
  visitor?: VisitorInfo
  identity?: IdentityClaim
  /** whether the visitor behind `token` is stored (a proposed token is not, until a chat starts) */
  known: boolean
  /** what setAttributes gave, all calls merged */
  attributes?: Record<string, string>
  unfollow?: Unsubscribe
}

/** Registers the customer socket route. */
export const customerSocket = (app: FastifyInstance, deps: { hub: Hub; bus: Bus; config: Readonly<RelayConfig>; heartbeat: Heartbeat }) => {
  const { hub, bus, heartbeat, config } = deps
  const mail = createTranscriptMail({ store: app.parley.store, config, site: hub.site, limit: app.parley.limits.transcriptMails })
  app.addHook('onClose', async () => mail.close())
  // Availability goes to every customer socket: one subscription for all, serialised once.
  const sockets = new Set<WebSocket>()
  bus.subscribe(topics.customers, (e) => {
    if (e.kind === 'availability')
      sendFrameToAll(sockets, { type: 'availability', available: e.available, ...(e.outsideHours ? { outsideHours: true } : {}) } satisfies RelayToCustomer)
  })
  // Site settings saved (on any node) or business hours flipped: every widget gets the new SiteInfo.
  hub.onSite(() => sendFrameToAll(sockets, { type: 'site', site: hub.siteInfo() } satisfies RelayToCustomer))
  // Origin and per-IP admission run before the upgrade: a refused socket gets a plain 403/429.
  // A browser cannot read a refused upgrade's status, so the widget (`?refusal=close`) is let in
  // to be closed at once with CLOSE.forbidden, which it can tell from a network failure.
  const refused = new WeakSet<object>()
  const origin = async function (this: FastifyInstance, req: FastifyRequest) {
    try {
      await allowedOriginOnly.call(this, req)
    } catch (err) {
      if ((req.query as { refusal?: string }).refusal !== 'close') throw err
      refused.add(req.raw)
    }
  }
  app.get('/ws/customer', { websocket: true, preValidation: [origin, admitSocket, keepResponse] }, (socket, req) => {
    if (refused.has(req.raw)) return socket.close(CLOSE.forbidden, 'origin not allowed')
    // Only these fields of the request are kept, in the socket's one state object: the request
    // (headers, parser state, raw socket) must not live as long as the socket.
    const log = req.log
    const c: Customer = { socket, ip: req.ip, userAgent: req.headers['user-agent'], base: baseUrl(req, config), known: false, frames: undefined! }
    releaseRequest(req)
    heartbeat.watch(socket)
    sockets.add(socket)
    c.frames = protocolLoop(socket, app.parley.limits.loopOptions(c.ip), handlers, c, log)
  })

  const send = (c: Customer, f: RelayToCustomer) => sendFrame(c.socket, f)

  /**
   * Follows a chat's events (one closure per chat followed, not per socket); resolves once they
   * arrive from every node (cluster mode), so a history read after it misses nothing published in
   * between (subscribe, then snapshot).
   */
  const follow = async (c: Customer, id: string) => {
    if (c.chatId !== id || !c.unfollow) {
      c.unfollow?.()
      c.chatId = id
      c.unfollow = bus.subscribe(topics.chat(id), (e: HubEvent) => {
        switch (e.kind) {
          case 'message':
            return sendMessageFrame(c.socket, e.message)
          case 'chat':
            return send(c, { type: 'chat', chat: e.customer })
          case 'typing':
            if (e.from === 'agent') send(c, { type: 'typing', on: e.on, ...(e.name ? { name: e.name } : {}) })
            return
          case 'read':
            if (e.side === 'agent') send(c, { type: 'read', seq: e.seq })
            return
          case 'note':
            // Internal notes are for agents: never a frame on the customer's socket.
            return
        }
      })
    }
    await c.unfollow.ready
  }

  const handle = async (msg: CustomerMsg, c: Customer) => {
    switch (msg.type) {
      case 'hello': {
        if (refusedVersion(c.socket, msg.v, c.frames.log)) return
        c.frames.hello()
        c.visitor = msg.visitor
        const resumed = await hub.resume(msg.token)
        if (resumed.visitor || isProposableToken(msg.token)) c.token = msg.token
        c.known = !!resumed.visitor
        if (resumed.chat) await follow(c, resumed.chat.id)
        const messages = resumed.chat ? await hub.history(resumed.chat.id, msg.after ?? 0) : []
        const reads = resumed.chat ? await hub.readMarks(resumed.chat.id) : undefined
        return send(c, {
          type: 'welcome',
          v: PROTOCOL_VERSION,
          available: hub.isAvailable(),
          chat: resumed.view,
          messages,
          // Only what an admin changed: the widget's own (localised) defaults stand otherwise.
          site: hub.siteInfo(),
          ...(reads ? { reads } : {}),
          // What the widget checks before sending, so a message the relay would refuse never goes out.
          limits: { textChars: config.maxTextChars, frameBytes: config.maxFrameBytes }
        })
      }
      case 'start': {
        // Details the widget learnt only when the window opened (time zone) join the hello's.
        if (msg.visitor) c.visitor = { ...c.visitor, ...msg.visitor }
        await app.parley.limits.chatStarting(c.ip)
        const { token, identity, attributes, userAgent } = c
        const started = await hub.startChat({
          id: msg.id,
          parts: msg.parts,
          visitor: c.visitor ?? {},
          ...(token ? { token } : {}),
          ip: c.ip,
          ...(userAgent ? { userAgent } : {}),
          ...(identity ? { identity } : {}),
          ...(attributes && Object.keys(attributes).length ? { attributes } : {}),
          ...(msg.preChat ? { preChat: msg.preChat } : {})
        })
        c.known = true
        c.token = started.token
        await follow(c, started.chat.id)
        send(c, { type: 'started', token: started.token, chat: started.view })
        return send(c, { type: 'ack', id: msg.id, seq: started.message.seq, at: started.message.at })
      }
      case 'send': {
        if (!c.chatId) throw new ERR_NO_CHAT()
        const m = await hub.customerSend(c.chatId, msg)
        return send(c, { type: 'ack', id: msg.id, seq: m.seq, at: m.at })
      }
      case 'typing':
        if (c.chatId) await hub.customerTyping(c.chatId, msg.on, msg.text)
        return
      case 'end':
        if (!c.chatId) throw new ERR_NO_CHAT()
        return hub.customerEnd(c.chatId)
      case 'sync':
        if (!c.chatId) throw new ERR_NO_CHAT()
        return send(c, { type: 'history', messages: await hub.history(c.chatId, msg.after), reads: await hub.readMarks(c.chatId) })
      case 'page':
        c.visitor = { ...c.visitor, url: msg.url, ...(msg.title ? { title: msg.title } : {}) }
        if (c.chatId) await hub.customerPage(c.chatId, msg.url, msg.title)
        return
      case 'identify':
        // Stored only once the visitor exists (a chat started): until then nothing is stored
        // (consent) and the claim travels with `start`.
        c.identity = msg
        if (c.known && c.token) await hub.identify(c.token, msg)
        return
      case 'attributes': {
        const all = { ...c.attributes, ...msg.attributes }
        hub.checkAttributes(all)
        c.attributes = all
        if (c.known && c.token) await hub.setAttributes(c.token, msg.attributes)
        return
      }
      case 'ping':
        return send(c, { type: 'pong' })
      case 'read':
        if (c.chatId) await hub.customerRead(c.chatId, msg.seq)
        return
      case 'rate':
        if (!c.chatId) throw new ERR_NO_CHAT()
        return hub.rate(c.chatId, msg.rating, msg.comment)
      case 'transcript':
        if (!c.chatId) throw new ERR_NO_CHAT()
        await mail.send(c.chatId, msg.email, c.ip, c.base)
        return send(c, { type: 'transcript', email: msg.email })
      default:
        return msg satisfies never
    }
  }

  const handlers: ProtocolHandlers<CustomerMsg, Customer> = {
    parse: parseCustomerMsg,
    handle,
    refOf,
    closed(c) {
      sockets.delete(c.socket)
      c.unfollow?.()
    }
  }
}
