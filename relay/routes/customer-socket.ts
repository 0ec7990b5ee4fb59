// `/ws/customer`: the widget's socket. A thin adapter: parse a frame, call the hub, answer.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { CLOSE, PROTOCOL_VERSION, parseCustomerMsg, type CustomerMsg, type RelayToCustomer, type VisitorInfo } from '../../protocol/index.js'
import type { RelayConfig } from '../config.js'
import { ERR_NO_CHAT, ERR_NOT_OFFERED } from '../errors.js'
import { topics, type HubEvent } from '../hub/events.js'
import { SITE_DEFAULTS, type Hub, type IdentityClaim } from '../hub/hub.js'
import type { Heartbeat } from './heartbeat.js'
import type { Bus, Unsubscribe } from '../bus/bus.js'
import { admitSocket } from '../limits/admission.js'
import { allowedOriginOnly } from '../security/origin.js'
import { isProposableToken } from '../security/tokens.js'
import type { WebSocket } from 'ws'
import { keepResponse, protocolLoop, refusedVersion, releaseRequest, sendFrame, sendFrameToAll } from './socket-kit.js'

// Errors about a message name it (identify's `id` is the site's user id, not a message).
const refOf = (msg: CustomerMsg) => (msg.type === 'send' || msg.type === 'start' ? msg.id : undefined)

/** Registers the customer socket route. */
export const customerSocket = (app: FastifyInstance, deps: { hub: Hub; bus: Bus; config: Readonly<RelayConfig>; heartbeat: Heartbeat }) => {
  const { hub, bus, heartbeat, config } = deps
  // Availability goes to every customer socket: one subscription for all, serialised once.
  const sockets = new Set<WebSocket>()
  bus.subscribe(topics.customers, (e) => {
    if (e.kind === 'availability') sendFrameToAll(sockets, { type: 'availability', available: e.available } satisfies RelayToCustomer)
  })
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
    // Only these fields of the request are kept: the closures below live as long as the socket,
    // and the request (headers, parser state, raw socket) must not.
    const ip = req.ip
    const userAgent = req.headers['user-agent']
    const log = req.log
    releaseRequest(req)
    const send = (f: RelayToCustomer) => sendFrame(socket, f)
    heartbeat.watch(socket)
    sockets.add(socket)
    let token: string | undefined
    let chatId: string | undefined
    let visitor: VisitorInfo = {}
    let identity: IdentityClaim | undefined
    /** whether the visitor behind `token` is stored (a proposed token is not, until a chat starts) */
    let known = false
    let attributes: Record<string, string> = {}
    let unfollow: Unsubscribe | undefined

    const onChatEvent = (e: HubEvent) => {
      switch (e.kind) {
        case 'message':
          return send({ type: 'message', message: e.message })
        case 'chat':
          return send({ type: 'chat', chat: e.customer })
        case 'typing':
          if (e.from === 'agent') send({ type: 'typing', on: e.on, ...(e.name ? { name: e.name } : {}) })
          return
      }
    }
    /**
     * Follows a chat's events; resolves once they arrive from every node (cluster mode), so a
     * history read after it misses nothing published in between (subscribe, then snapshot).
     */
    const follow = async (id: string) => {
      if (chatId !== id || !unfollow) {
        unfollow?.()
        chatId = id
        unfollow = bus.subscribe(topics.chat(id), onChatEvent)
      }
      await unfollow.ready
    }

    const handle = async (msg: CustomerMsg) => {
      switch (msg.type) {
        case 'hello': {
          if (refusedVersion(socket, msg.v, log)) return
          frames.hello()
          visitor = msg.visitor ?? {}
          const resumed = await hub.resume(msg.token)
          if (resumed.visitor || isProposableToken(msg.token)) token = msg.token
          known = !!resumed.visitor
          if (resumed.chat) await follow(resumed.chat.id)
          const messages = resumed.chat ? await hub.history(resumed.chat.id, msg.after ?? 0) : []
          const site = await hub.site()
          return send({
            type: 'welcome',
            v: PROTOCOL_VERSION,
            available: hub.isAvailable(),
            chat: resumed.view,
            messages,
            // Only what an admin changed: the widget's own (localised) defaults stand otherwise.
            site: {
              ...(site.widgetTitle !== SITE_DEFAULTS.widgetTitle ? { title: site.widgetTitle } : {}),
              ...(site.widgetColor !== SITE_DEFAULTS.widgetColor ? { color: site.widgetColor } : {}),
              ...(site.greeting ? { greeting: site.greeting } : {})
            },
            // What the widget checks before sending, so a message the relay would refuse never goes out.
            limits: { textChars: config.maxTextChars, frameBytes: config.maxFrameBytes }
          })
        }
        case 'start': {
          // Details the widget learnt only when the window opened (time zone) join the hello's.
          if (msg.visitor) visitor = { ...visitor, ...msg.visitor }
          await app.parley.limits.chatStarting(ip)
          const started = await hub.startChat({
            id: msg.id,
            parts: msg.parts,
            visitor,
            ...(token ? { token } : {}),
            ip,
            ...(userAgent ? { userAgent } : {}),
            ...(identity ? { identity } : {}),
            ...(Object.keys(attributes).length ? { attributes } : {})
          })
          known = true
          token = started.token
          await follow(started.chat.id)
          send({ type: 'started', token: started.token, chat: started.view })
          return send({ type: 'ack', id: msg.id, seq: started.message.seq, at: started.message.at })
        }
        case 'send': {
          if (!chatId) throw new ERR_NO_CHAT()
          const m = await hub.customerSend(chatId, msg)
          return send({ type: 'ack', id: msg.id, seq: m.seq, at: m.at })
        }
        case 'typing':
          if (chatId) await hub.customerTyping(chatId, msg.on, msg.text)
          return
        case 'end':
          if (!chatId) throw new ERR_NO_CHAT()
          return hub.customerEnd(chatId)
        case 'sync':
          if (!chatId) throw new ERR_NO_CHAT()
          return send({ type: 'history', messages: await hub.history(chatId, msg.after) })
        case 'page':
          visitor = { ...visitor, url: msg.url, ...(msg.title ? { title: msg.title } : {}) }
          if (chatId) await hub.customerPage(chatId, msg.url, msg.title)
          return
        case 'identify':
          // Stored only once the visitor exists (a chat started): until then nothing is stored
          // (consent) and the claim travels with `start`.
          identity = msg
          if (known && token) await hub.identify(token, msg)
          return
        case 'attributes':
          hub.checkAttributes({ ...attributes, ...msg.attributes })
          attributes = { ...attributes, ...msg.attributes }
          if (known && token) await hub.setAttributes(token, msg.attributes)
          return
        case 'ping':
          return send({ type: 'pong' })
        case 'read':
        case 'rate':
        case 'transcript':
          throw new ERR_NOT_OFFERED('This relay does not offer that yet')
        default:
          return msg satisfies never
      }
    }

    const frames = protocolLoop(socket, app.parley.limits.loopOptions(ip, log), {
      parse: parseCustomerMsg,
      handle,
      refOf,
      log
    })

    socket.on('close', () => {
      sockets.delete(socket)
      unfollow?.()
    })
  })
}
