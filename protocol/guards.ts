// Hand-written guards for every frame, shared by widget, console and relay. They rebuild each
// message from its known fields, so unknown fields (and `__proto__` keys) never travel on.
import type { AgentMsg, RelayToAgent } from './agent.js'
import type { Ticket } from './api.js'
import {
  CLAIMS,
  type AgentSelf,
  type AgentSummary,
  type ChatMessage,
  type ChatSummary,
  type CustomerChat,
  type Panel,
  type ReadMarks,
  type VisitorInfo
} from './chat.js'
import { bad, bool, compact, id, int, list, obj, oneOf, optInt, optStr, run, str, WIRE, type Parsed } from './check.js'
import type { CustomerMsg, RelayToCustomer, SiteInfo } from './customer.js'
import { isEmail } from './email.js'
import type { ErrorCode } from './errors.js'
import { MAX_NOTES_PER_CHAT, type ChatNote } from './notes.js'
import type { Gone, PanelDelta, PatchValue, SummaryPatch } from './panel.js'
import type { Part } from './parts.js'
import { RATING_COMMENT_CHARS, RATINGS } from './rating.js'
import { OFFLINE_MODES, PRE_CHAT_LIMITS, readPreChatSettings, readPreChatValues } from './site.js'

const MIMES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as const
const STATUSES = ['waiting', 'active', 'ended'] as const
const ERROR_CODES: readonly ErrorCode[] = [
  'bad_frame',
  'bad_version',
  'unauthorized',
  'forbidden',
  'unavailable',
  'no_chat',
  'chat_exists',
  'not_found',
  'taken',
  'max_chats',
  'ended',
  'too_large',
  'rate_limited',
  'queue_full',
  'required',
  'not_offered',
  'rated',
  'mail_failed',
  'internal'
]

/** Reads one message part. */
export const readPart = (v: unknown, what = 'part'): Part => {
  const o = obj(v, what)
  if (o.type === 'text') return { type: 'text', text: str(o.text, what + '.text', WIRE.textChars) }
  if (o.type === 'image')
    return {
      type: 'image',
      id: id(o.id, what + '.id'),
      mime: oneOf(o.mime, what + '.mime', MIMES),
      width: int(o.width, what + '.width'),
      height: int(o.height, what + '.height')
    }
  return bad(what + '.type must be text or image')
}

/** Reads the parts of a message: 1–20 parts, not all empty text. */
export const readParts = (v: unknown, what = 'parts'): Part[] => {
  const parts = list(v, what, WIRE.parts, readPart)
  if (!parts.some((p) => p.type === 'image' || p.text.trim() !== '')) return bad(what + ' must not be empty')
  return parts
}

/** An optional email address (protocol/email.ts): other text is refused, so it cannot pose as one. */
const optEmail = (v: unknown, what: string): string | undefined => {
  const s = optStr(v, what, 320)
  return s === undefined || isEmail(s) ? s : bad(what + ' must be an email address such as name@example.com')
}

const readVisitor = (v: unknown, what: string): VisitorInfo => {
  const o = obj(v, what)
  return compact({
    url: optStr(o.url, what + '.url'),
    title: optStr(o.title, what + '.title'),
    referrer: optStr(o.referrer, what + '.referrer'),
    lang: optStr(o.lang, what + '.lang', 64),
    tz: optStr(o.tz, what + '.tz', 64),
    screen: optStr(o.screen, what + '.screen', 32)
  })
}

/** At most 50 string attributes, keys up to 64 and values up to 1000 characters. */
const readAttributes = (v: unknown, what: string): Record<string, string> => {
  const o = obj(v, what)
  const keys = Object.keys(o)
  if (keys.length > 50) bad(what + ' must have at most 50 keys')
  // A null-prototype object: keys such as __proto__ stay plain data.
  const out: Record<string, string> = Object.create(null)
  for (const k of keys) out[str(k, what + ' key', 64, 1)] = str(o[k], what + '.' + k, 1000)
  return out
}

const readMessage = (v: unknown, what = 'message'): ChatMessage => {
  const o = obj(v, what)
  return compact({
    id: id(o.id, what + '.id'),
    chatId: id(o.chatId, what + '.chatId'),
    seq: int(o.seq, what + '.seq'),
    from: oneOf(o.from, what + '.from', ['customer', 'agent', 'system'] as const),
    name: optStr(o.name, what + '.name'),
    parts: list(o.parts, what + '.parts', WIRE.parts, readPart),
    at: int(o.at, what + '.at'),
    event: o.event === undefined ? undefined : oneOf(o.event, what + '.event', ['joined', 'ended', 'transferred', 'requeued'] as const)
  })
}

const readMessages = (v: unknown, what = 'messages'): ChatMessage[] => list(v, what, WIRE.history, readMessage)

const readCustomerChat = (v: unknown, what = 'chat'): CustomerChat => {
  const o = obj(v, what)
  return compact({
    id: id(o.id, what + '.id'),
    status: oneOf(o.status, what + '.status', STATUSES),
    agentName: optStr(o.agentName, what + '.agentName'),
    position: optInt(o.position, what + '.position'),
    lastSeq: int(o.lastSeq, what + '.lastSeq'),
    rating: o.rating === undefined ? undefined : oneOf(o.rating, what + '.rating', RATINGS)
  })
}

const readReads = (v: unknown, what = 'reads'): ReadMarks => {
  const o = obj(v, what)
  return { customer: int(o.customer, what + '.customer'), agent: int(o.agent, what + '.agent') }
}

/** An optional boolean. */
const optBool = (v: unknown, what: string): boolean | undefined => (v === undefined ? undefined : bool(v, what))

const readNote = (v: unknown, what = 'note'): ChatNote => {
  const o = obj(v, what)
  return {
    id: id(o.id, what + '.id'),
    chatId: id(o.chatId, what + '.chatId'),
    agentId: id(o.agentId, what + '.agentId'),
    name: str(o.name, what + '.name'),
    text: str(o.text, what + '.text', WIRE.textChars, 1),
    at: int(o.at, what + '.at')
  }
}

const readSite = (v: unknown): SiteInfo => {
  const o = obj(v, 'site')
  return compact({
    title: optStr(o.title, 'site.title', 200),
    color: optStr(o.color, 'site.color', 32),
    greeting: optStr(o.greeting, 'site.greeting', 1000),
    offline: o.offline === undefined ? undefined : oneOf(o.offline, 'site.offline', OFFLINE_MODES),
    preChat: o.preChat === undefined ? undefined : readPreChatSettings(o.preChat, 'site.preChat'),
    ratings: optBool(o.ratings, 'site.ratings'),
    transcript: o.transcript === undefined ? undefined : { email: bool(obj(o.transcript, 'site.transcript').email, 'site.transcript.email') },
    outsideHours: optBool(o.outsideHours, 'site.outsideHours')
  })
}

const readError = (o: Record<string, unknown>) =>
  compact({
    type: 'error' as const,
    code: oneOf(o.code, 'code', ERROR_CODES),
    message: str(o.message, 'message'),
    ref: optStr(o.ref, 'ref', WIRE.idChars)
  })

/** Validates a frame a customer sent to the relay. */
export const parseCustomerMsg = (input: unknown): Parsed<CustomerMsg> =>
  run(input, (v): CustomerMsg => {
    const o = obj(v, 'frame')
    switch (o.type) {
      case 'hello':
        return compact({
          type: 'hello',
          v: int(o.v, 'v'),
          token: optStr(o.token, 'token', 128),
          after: optInt(o.after, 'after'),
          visitor: o.visitor === undefined ? undefined : readVisitor(o.visitor, 'visitor')
        })
      case 'start':
        return compact({
          type: 'start',
          id: id(o.id, 'id'),
          parts: readParts(o.parts),
          visitor: o.visitor === undefined ? undefined : readVisitor(o.visitor, 'visitor'),
          preChat: o.preChat === undefined ? undefined : readPreChatValues(o.preChat)
        })
      case 'send':
        return { type: 'send', id: id(o.id, 'id'), parts: readParts(o.parts) }
      case 'typing':
        return compact({ type: 'typing', on: bool(o.on, 'on'), text: optStr(o.text, 'text', WIRE.textChars) })
      case 'end':
        return { type: 'end' }
      case 'sync':
        return { type: 'sync', after: int(o.after, 'after') }
      case 'page':
        return compact({ type: 'page', url: str(o.url, 'url'), title: optStr(o.title, 'title') })
      case 'identify':
        return compact({
          type: 'identify',
          id: optStr(o.id, 'id', 200),
          name: optStr(o.name, 'name', 200),
          email: optEmail(o.email, 'email'),
          hash: optStr(o.hash, 'hash', 128),
          token: optStr(o.token, 'token', 4096)
        })
      case 'attributes':
        return { type: 'attributes', attributes: readAttributes(o.attributes, 'attributes') }
      case 'ping':
        return { type: 'ping' }
      case 'read':
        return { type: 'read', seq: int(o.seq, 'seq') }
      case 'rate':
        return compact({
          type: 'rate',
          rating: oneOf(o.rating, 'rating', RATINGS),
          comment: optStr(o.comment, 'comment', RATING_COMMENT_CHARS)?.trim() || undefined
        })
      case 'transcript': {
        const email = str(o.email, 'email', 320).trim()
        return { type: 'transcript', email: isEmail(email) ? email : bad('email must be an email address such as name@example.com') }
      }
    }
    return bad('unknown frame type')
  })

/** Validates a frame the relay sent to a customer. */
export const parseRelayToCustomer = (input: unknown): Parsed<RelayToCustomer> =>
  run(input, (v): RelayToCustomer => {
    const o = obj(v, 'frame')
    switch (o.type) {
      case 'welcome':
        return {
          type: 'welcome',
          v: int(o.v, 'v'),
          available: bool(o.available, 'available'),
          chat: o.chat === null ? null : readCustomerChat(o.chat),
          messages: readMessages(o.messages),
          ...(o.site === undefined ? {} : { site: readSite(o.site) }),
          ...(o.limits === undefined
            ? {}
            : {
                limits: {
                  textChars: int(obj(o.limits, 'limits').textChars, 'limits.textChars'),
                  frameBytes: int(obj(o.limits, 'limits').frameBytes, 'limits.frameBytes')
                }
              }),
          ...(o.reads === undefined ? {} : { reads: readReads(o.reads) })
        }
      case 'availability':
        return compact({ type: 'availability', available: bool(o.available, 'available'), outsideHours: optBool(o.outsideHours, 'outsideHours') })
      case 'site':
        return { type: 'site', site: readSite(o.site) }
      case 'read':
        return { type: 'read', seq: int(o.seq, 'seq') }
      case 'transcript':
        return { type: 'transcript', email: str(o.email, 'email', 320) }
      case 'started':
        return { type: 'started', token: str(o.token, 'token', 128), chat: readCustomerChat(o.chat) }
      case 'chat':
        return { type: 'chat', chat: readCustomerChat(o.chat) }
      case 'ack':
        return { type: 'ack', id: id(o.id, 'id'), seq: int(o.seq, 'seq'), at: int(o.at, 'at') }
      case 'message':
        return { type: 'message', message: readMessage(o.message) }
      case 'history':
        return compact({ type: 'history', messages: readMessages(o.messages), reads: o.reads === undefined ? undefined : readReads(o.reads) })
      case 'pong':
        return { type: 'pong' }
      case 'typing':
        return compact({ type: 'typing', on: bool(o.on, 'on'), name: optStr(o.name, 'name') })
      case 'error':
        return readError(o)
    }
    return bad('unknown frame type')
  })

/** Validates a frame an agent sent to the relay. */
export const parseAgentMsg = (input: unknown): Parsed<AgentMsg> =>
  run(input, (v): AgentMsg => {
    const o = obj(v, 'frame')
    switch (o.type) {
      case 'hello':
        return { type: 'hello', v: int(o.v, 'v') }
      case 'status':
        return { type: 'status', on: bool(o.on, 'on') }
      case 'accept':
        return { type: 'accept', chatId: id(o.chatId, 'chatId') }
      case 'send':
        return { type: 'send', chatId: id(o.chatId, 'chatId'), id: id(o.id, 'id'), parts: readParts(o.parts) }
      case 'typing':
        return { type: 'typing', chatId: id(o.chatId, 'chatId'), on: bool(o.on, 'on') }
      case 'end':
        return { type: 'end', chatId: id(o.chatId, 'chatId') }
      case 'sync':
        return { type: 'sync', chatId: id(o.chatId, 'chatId'), after: int(o.after, 'after') }
      case 'transfer':
        return compact({ type: 'transfer', chatId: id(o.chatId, 'chatId'), to: o.to === undefined ? undefined : id(o.to, 'to') })
      case 'leave':
        return { type: 'leave', chatId: id(o.chatId, 'chatId') }
      case 'ping':
        return { type: 'ping' }
      case 'snapshot':
        return { type: 'snapshot' }
      case 'read':
        return { type: 'read', chatId: id(o.chatId, 'chatId'), seq: int(o.seq, 'seq') }
      case 'note': {
        const text = str(o.text, 'text', WIRE.textChars).trim()
        return { type: 'note', chatId: id(o.chatId, 'chatId'), id: id(o.id, 'id'), text: text || bad('text must not be empty') }
      }
    }
    return bad('unknown frame type')
  })

const readSummary = (v: unknown, what = 'chat'): ChatSummary => {
  const o = obj(v, what)
  const c = obj(o.customer, what + '.customer')
  return compact({
    id: id(o.id, what + '.id'),
    status: oneOf(o.status, what + '.status', STATUSES),
    title: str(o.title, what + '.title'),
    customer: compact({
      name: optStr(c.name, 'name'),
      email: optStr(c.email, 'email'),
      externalId: optStr(c.externalId, 'externalId', 200),
      verified: list(c.verified, 'verified', CLAIMS.length, (x, w) => oneOf(x, w, CLAIMS))
    }),
    agentId: o.agentId === undefined ? undefined : id(o.agentId, what + '.agentId'),
    agentName: optStr(o.agentName, what + '.agentName'),
    createdAt: int(o.createdAt, what + '.createdAt'),
    answeredAt: optInt(o.answeredAt, what + '.answeredAt'),
    endedAt: optInt(o.endedAt, what + '.endedAt'),
    firstText: str(o.firstText, what + '.firstText', WIRE.textChars),
    lastSeq: int(o.lastSeq, what + '.lastSeq'),
    tags: list(o.tags, what + '.tags', 100, (t, w) => str(t, w, 64)),
    visitor: readVisitor(o.visitor, what + '.visitor'),
    browser: optStr(o.browser, what + '.browser', 100),
    os: optStr(o.os, what + '.os', 100),
    attributes: o.attributes === undefined ? undefined : readAttributes(o.attributes, what + '.attributes'),
    ticketId: o.ticketId === undefined ? undefined : id(o.ticketId, what + '.ticketId'),
    queuedAt: optInt(o.queuedAt, what + '.queuedAt'),
    topic: optStr(o.topic, what + '.topic', PRE_CHAT_LIMITS.topicChars),
    rating: o.rating === undefined ? undefined : oneOf(o.rating, what + '.rating', RATINGS),
    ratingComment: optStr(o.ratingComment, what + '.ratingComment', RATING_COMMENT_CHARS),
    outsideHours: optBool(o.outsideHours, what + '.outsideHours'),
    offline: optBool(o.offline, what + '.offline'),
    rev: optInt(o.rev, what + '.rev')
  })
}

/** Validates a chat summary (e.g. one a panel patch produced): the rebuilt summary, or undefined. */
export const checkSummary = (v: unknown): ChatSummary | undefined => {
  const r = run(v, (x) => readSummary(x))
  return r.ok ? r.value : undefined
}

/** A merge patch: at most 3 levels of at most 100 fields; values as in a summary, `null` removes. */
const readPatch = (v: unknown, what: string, depth = 0): SummaryPatch => {
  const o = obj(v, what)
  const keys = Object.keys(o)
  if (keys.length > 100 || depth > 2) bad(what + ' is too large')
  // Null prototype: a field named __proto__ stays data (attributes may have any key).
  const out: SummaryPatch = Object.create(null)
  for (const k of keys) {
    const x = o[k]
    const w = what + '.' + str(k, what + ' key', 64, 1)
    out[k] =
      x === null || typeof x === 'boolean'
        ? x
        : typeof x === 'number'
          ? int(x, w)
          : typeof x === 'string'
            ? str(x, w, WIRE.textChars)
            : Array.isArray(x)
              ? list(x, w, 100, (t, tw) => str(t, tw, 64))
              : (readPatch(x, w, depth + 1) as PatchValue)
  }
  return out
}

const readGone = (v: unknown, what: string): Gone => {
  const o = obj(v, what)
  return { id: id(o.id, what + '.id'), rev: int(o.rev, what + '.rev') }
}

const readDelta = (o: Record<string, unknown>): PanelDelta => {
  const opt = <T>(v: unknown, what: string, item: (x: unknown, w: string) => T) => (v === undefined ? undefined : list(v, what, WIRE.list, item))
  return compact({
    from: int(o.from, 'from'),
    pv: int(o.pv, 'pv'),
    chats: opt(o.chats, 'chats', readSummary),
    patches: opt(o.patches, 'patches', (x, w) => {
      const p = obj(x, w)
      return { id: id(p.id, w + '.id'), rev: int(p.rev, w + '.rev'), patch: readPatch(p.patch, w + '.patch') }
    }),
    goneChats: opt(o.goneChats, 'goneChats', readGone),
    agents: opt(o.agents, 'agents', readAgentSummary),
    goneAgents: opt(o.goneAgents, 'goneAgents', readGone)
  })
}

const readTicket = (v: unknown): Ticket => {
  const o = obj(v, 'ticket')
  const c = obj(o.customer, 'ticket.customer')
  const w = obj(o.webhook, 'ticket.webhook')
  return compact({
    id: id(o.id, 'ticket.id'),
    number: int(o.number, 'ticket.number'),
    chatId: id(o.chatId, 'ticket.chatId'),
    title: str(o.title, 'ticket.title'),
    customer: compact({ name: optStr(c.name, 'name'), email: optStr(c.email, 'email') }),
    tags: list(o.tags, 'ticket.tags', 100, (t, w) => str(t, w, 64)),
    status: oneOf(o.status, 'ticket.status', ['open', 'closed'] as const),
    note: str(o.note, 'ticket.note', 1_000_000),
    chatUrl: str(o.chatUrl, 'ticket.chatUrl'),
    createdAt: int(o.createdAt, 'ticket.createdAt'),
    webhook: compact({
      status: oneOf(w.status, 'ticket.webhook.status', ['none', 'pending', 'delivered', 'failed'] as const),
      attempts: int(w.attempts, 'ticket.webhook.attempts'),
      error: optStr(w.error, 'ticket.webhook.error')
    }),
    rating: o.rating === undefined ? undefined : oneOf(o.rating, 'ticket.rating', RATINGS),
    ratingComment: optStr(o.ratingComment, 'ticket.ratingComment', RATING_COMMENT_CHARS),
    offline: optBool(o.offline, 'ticket.offline'),
    outsideHours: optBool(o.outsideHours, 'ticket.outsideHours')
  })
}

function readAgentSummary(v: unknown, what: string): AgentSummary {
  const o = obj(v, what)
  return compact({
    id: id(o.id, what + '.id'),
    name: str(o.name, what + '.name'),
    on: bool(o.on, what + '.on'),
    chats: int(o.chats, what + '.chats'),
    maxChats: int(o.maxChats, what + '.maxChats'),
    rev: optInt(o.rev, what + '.rev')
  })
}

const readSelf = (v: unknown): AgentSelf => {
  const o = obj(v, 'me')
  return {
    id: id(o.id, 'me.id'),
    name: str(o.name, 'me.name'),
    displayName: str(o.displayName, 'me.displayName'),
    email: str(o.email, 'me.email'),
    role: oneOf(o.role, 'me.role', ['admin', 'agent'] as const),
    on: bool(o.on, 'me.on'),
    maxChats: int(o.maxChats, 'me.maxChats'),
    greetings: list(o.greetings, 'me.greetings', 20, (g, w) => str(g, w, 1000)),
    sound: bool(o.sound, 'me.sound'),
    notifications: bool(o.notifications, 'me.notifications')
  }
}

const readPanel = (v: unknown): Panel => {
  const o = obj(v, 'panel')
  return {
    waiting: list(o.waiting, 'waiting', WIRE.list, readSummary),
    chatting: list(o.chatting, 'chatting', WIRE.list, readSummary),
    agents: list(o.agents, 'agents', WIRE.list, readAgentSummary)
  }
}

/** Validates a frame the relay sent to an agent. */
export const parseRelayToAgent = (input: unknown): Parsed<RelayToAgent> =>
  run(input, (v): RelayToAgent => {
    const o = obj(v, 'frame')
    switch (o.type) {
      case 'welcome':
        return {
          type: 'welcome',
          v: int(o.v, 'v'),
          me: readSelf(o.me),
          panel: readPanel(o.panel),
          pv: int(o.pv, 'pv'),
          mine: list(o.mine, 'mine', WIRE.list, readSummary),
          ...(o.outsideHours === undefined ? {} : { outsideHours: bool(o.outsideHours, 'outsideHours') })
        }
      case 'hours':
        return { type: 'hours', outsideHours: bool(o.outsideHours, 'outsideHours') }
      case 'me':
        return { type: 'me', me: readSelf(o.me) }
      case 'panel':
        return { type: 'panel', pv: int(o.pv, 'pv'), panel: readPanel(o.panel) }
      case 'panelDelta':
        return { type: 'panelDelta', ...readDelta(o) }
      case 'chat':
        return { type: 'chat', chat: readSummary(o.chat) }
      case 'history':
        return compact({
          type: 'history',
          chatId: id(o.chatId, 'chatId'),
          messages: readMessages(o.messages),
          notes: o.notes === undefined ? undefined : list(o.notes, 'notes', MAX_NOTES_PER_CHAT, readNote),
          reads: o.reads === undefined ? undefined : readReads(o.reads)
        })
      case 'note':
        return { type: 'note', note: readNote(o.note) }
      case 'read':
        return { type: 'read', chatId: id(o.chatId, 'chatId'), seq: int(o.seq, 'seq') }
      case 'message':
        return { type: 'message', message: readMessage(o.message) }
      case 'ack':
        return {
          type: 'ack',
          chatId: id(o.chatId, 'chatId'),
          id: id(o.id, 'id'),
          seq: int(o.seq, 'seq'),
          at: int(o.at, 'at')
        }
      case 'pong':
        return { type: 'pong' }
      case 'typing':
        return compact({
          type: 'typing',
          chatId: id(o.chatId, 'chatId'),
          on: bool(o.on, 'on'),
          text: optStr(o.text, 'text', WIRE.textChars)
        })
      case 'ticket':
        return { type: 'ticket', ticket: readTicket(o.ticket) }
      case 'error':
        return readError(o)
    }
    return bad('unknown frame type')
  })
