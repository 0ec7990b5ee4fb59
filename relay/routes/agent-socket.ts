// `/ws/agent`: the console's socket, authenticated by the session cookie before the upgrade.
import type { FastifyInstance } from 'fastify'
import { PROTOCOL_VERSION, parseAgentMsg, type AgentMsg, type RelayToAgent } from '../../protocol/index.js'
import type { Bus, Unsubscribe } from '../bus/bus.js'
import type { RelayConfig } from '../config.js'
import { topics, type HubEvent } from '../hub/events.js'
import type { Hub } from '../hub/hub.js'
import type { Heartbeat } from './heartbeat.js'
import { requireAgent } from './session.js'
import { SESSION_COOKIE } from '../auth.js'
import { admitSocket } from '../limits/admission.js'
import { sameOriginOnly } from '../security/origin.js'
import { watchSession } from '../security/session-watch.js'
import type { WebSocket } from 'ws'
import { keepResponse, protocolLoop, refusedVersion, releaseRequest, sendFrame, sendFrameToAll, sendMessageFrame } from './socket-kit.js'

/** Registers the agent socket route. */
export const agentSocket = (app: FastifyInstance, deps: { hub: Hub; bus: Bus; config: Readonly<RelayConfig>; heartbeat: Heartbeat }) => {
  const { hub, bus, heartbeat } = deps
  // Panel deltas go to every agent socket past its welcome: one subscription, serialised once.
  const panelSockets = new Set<WebSocket>()
  bus.subscribe(topics.agents, (e) => {
    if (e.kind === 'panelDelta') sendFrameToAll(panelSockets, { type: 'panelDelta', ...e.delta } satisfies RelayToAgent)
  })
  // Business hours opened or closed: every console shows it.
  hub.onSite((c) => c.hours && sendFrameToAll(panelSockets, { type: 'hours', outsideHours: hub.outsideHours() } satisfies RelayToAgent))
  /** A chat's messages with its notes and read marks: what an agent's window starts from. */
  const history = async (chatId: string, after: number): Promise<RelayToAgent> => {
    const [messages, notes, reads] = await Promise.all([hub.history(chatId, after), hub.notes(chatId), hub.readMarks(chatId)])
    return { type: 'history', chatId, messages, notes, reads }
  }
  // Same-origin only (no cross-site WebSocket hijacking with the agent's cookie), then per-IP
  // admission and the session, all before the upgrade.
  app.get('/ws/agent', { websocket: true, preValidation: [sameOriginOnly, admitSocket, requireAgent, keepResponse] }, (socket, req) => {
    // Only these fields of the request are kept: the closures below live as long as the socket,
    // and the request (headers, cookies, parser state, raw socket) must not.
    const agentId = req.agent!.id
    const ip = req.ip
    const log = req.log
    releaseRequest(req)
    const send = (f: RelayToAgent) => sendFrame(socket, f)
    let dead = false
    heartbeat.watch(socket, () => (dead = true))
    watchSession(socket, { bus, auth: app.parley.auth, agentId, token: req.cookies[SESSION_COOKIE], log })
    const subs: (() => void)[] = []
    const following = new Map<string, Unsubscribe>()
    // The same chat change can reach us on the chat's topic and on ours; send each state once.
    const lastChat = new Map<string, string>()

    const onEvent = (e: HubEvent) => {
      switch (e.kind) {
        case 'message':
          return sendMessageFrame(socket, e.message)
        case 'typing':
          if (e.from === 'customer') send({ type: 'typing', chatId: e.chatId, on: e.on, ...(e.text !== undefined ? { text: e.text } : {}) })
          return
        case 'chat': {
          const json = JSON.stringify(e.summary)
          if (lastChat.get(e.summary.id) === json) return
          lastChat.set(e.summary.id, json)
          if (e.summary.agentId === agentId && e.summary.status === 'active') void follow(e.summary.id)
          return send({ type: 'chat', chat: e.summary })
        }
        case 'panelDelta':
          // Sent to all agents at once (panelSockets above).
          return
        case 'me':
          return send({ type: 'me', me: e.me })
        case 'ticket':
          return send({ type: 'ticket', ticket: e.ticket })
        case 'note':
          return send({ type: 'note', note: e.note })
        case 'read':
          if (e.side === 'customer') send({ type: 'read', chatId: e.chatId, seq: e.seq })
          return
        case 'site':
          return
        case 'revoked':
          // watchSession closes the sockets of the ended session, from before the hello on.
          return
        case 'availability':
          return
      }
    }
    /** Follows a chat; resolves once its events arrive from every node (read its history after that). */
    const follow = async (chatId: string) => {
      let sub = following.get(chatId)
      if (!sub) following.set(chatId, (sub = bus.subscribe(topics.chat(chatId), onEvent)))
      await sub.ready
    }

    const handle = async (msg: AgentMsg) => {
      switch (msg.type) {
        case 'hello': {
          if (refusedVersion(socket, msg.v, log)) return
          if (frames.helloed) return
          frames.hello()
          subs.push(bus.subscribe(topics.agents, onEvent), bus.subscribe(topics.agent(agentId), onEvent))
          hub.agentConnected(agentId)
          const [me, mine] = await Promise.all([hub.self(agentId), hub.mine(agentId)])
          await Promise.all(mine.map((c) => follow(c.id)))
          // Snapshot and joining the deltas in one synchronous step: the next delta continues from `pv`.
          const { pv, panel } = hub.panelSnapshot()
          panelSockets.add(socket)
          return send({ type: 'welcome', v: PROTOCOL_VERSION, me, panel, pv, mine, ...(hub.outsideHours() ? { outsideHours: true } : {}) })
        }
        case 'status':
          return hub.setStatus(agentId, msg.on)
        case 'accept': {
          const chat = await hub.accept(agentId, msg.chatId)
          await follow(chat.id)
          return send(await history(chat.id, 0))
        }
        case 'send': {
          const m = await hub.agentSend(agentId, msg.chatId, msg)
          return send({ type: 'ack', chatId: msg.chatId, id: msg.id, seq: m.seq, at: m.at })
        }
        case 'typing':
          return hub.agentTyping(agentId, msg.chatId, msg.on)
        case 'end':
          return hub.agentEnd(agentId, msg.chatId)
        case 'sync': {
          await hub.chatSummary(msg.chatId)
          await follow(msg.chatId)
          return send(await history(msg.chatId, msg.after))
        }
        case 'transfer':
          return hub.transfer(agentId, msg.chatId, msg.to)
        case 'leave': {
          // An agent's own active chats stay followed: their messages must keep arriving.
          const mine = await hub.mine(agentId)
          if (!mine.some((c) => c.id === msg.chatId)) {
            following.get(msg.chatId)?.()
            following.delete(msg.chatId)
          }
          return
        }
        case 'ping':
          return send({ type: 'pong' })
        case 'snapshot': {
          // The console missed a panel version: the whole panel again, deltas continue from it.
          const { pv, panel } = hub.panelSnapshot()
          return send({ type: 'panel', pv, panel })
        }
        case 'read':
          return hub.agentRead(agentId, msg.chatId, msg.seq)
        case 'note':
          // Followed first (once it is known to exist), so the note's own event, its ack, reaches this socket too.
          await hub.chatSummary(msg.chatId)
          await follow(msg.chatId)
          await hub.addNote(agentId, msg.chatId, msg)
          return
        default:
          return msg satisfies never
      }
    }

    const frames = protocolLoop(
      socket,
      app.parley.limits.loopOptions(ip),
      {
        parse: parseAgentMsg,
        handle,
        // Errors name what they are about: the message for a send, else the chat.
        refOf: (msg) => (msg.type === 'send' ? msg.id : 'chatId' in msg ? msg.chatId : undefined)
      },
      undefined,
      log
    )

    socket.on('close', () => {
      panelSockets.delete(socket)
      for (const u of subs) u()
      for (const u of following.values()) u()
      if (frames.helloed) hub.agentDisconnected(agentId, dead)
    })
  })
}
