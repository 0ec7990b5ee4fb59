// Rows of either store turned into the Store's records. The engines differ only in how a value
// comes back: SQLite returns JSON columns as text and booleans as 0/1, PostgreSQL (pg) parses jsonb
// and returns booleans; each store passes its two decoders.
import type { ChatMessage, ChatNote, ChatStatus, Ticket } from '../../protocol/index.js'
import type { AgentRecord, ChatRecord, VisitorRecord } from './store.js'

/** A row as the driver returns it. */
export type Row = Record<string, unknown>

/** How an engine returns JSON and boolean columns. */
export interface Decoders {
  json: (v: unknown) => unknown
  bool: (v: unknown) => boolean
}

/** The record readers of one engine. */
export const rowReaders = ({ json, bool }: Decoders) => ({
  /** An agent row. */
  toAgent: (r: Row): AgentRecord => ({
    id: r.id as string,
    email: r.email as string,
    name: r.name as string,
    displayName: r.display_name as string,
    role: r.role as AgentRecord['role'],
    passwordHash: r.password_hash as string,
    on: bool(r.is_on),
    maxChats: r.max_chats as number,
    greetings: json(r.greetings) as string[],
    sound: bool(r.sound),
    notifications: bool(r.notifications),
    disabled: bool(r.disabled),
    createdAt: r.created_at as number
  }),

  /** A chat row. */
  toChat: (r: Row): ChatRecord => {
    const c: ChatRecord = {
      id: r.id as string,
      visitorId: r.visitor_id as string,
      status: r.status as ChatStatus,
      title: r.title as string,
      createdAt: r.created_at as number,
      lastSeq: r.last_seq as number,
      firstText: r.first_text as string,
      tags: json(r.tags) as string[],
      visitor: json(r.visitor) as ChatRecord['visitor'],
      queuedAt: r.queued_at as number,
      pages: json(r.pages) as ChatRecord['pages']
    }
    if (r.ticket_id !== null) c.ticketId = r.ticket_id as string
    if (r.agent_id !== null) c.agentId = r.agent_id as string
    if (r.answered_at !== null) c.answeredAt = r.answered_at as number
    if (r.ended_at !== null) c.endedAt = r.ended_at as number
    if (r.ip !== null) c.ip = r.ip as string
    if (r.user_agent !== null) c.userAgent = r.user_agent as string
    // Issue 12's columns (absent from rows read by older queries).
    if (r.topic != null) c.topic = r.topic as string
    if (r.rating != null) c.rating = r.rating as ChatRecord['rating']
    if (r.rating_comment != null) c.ratingComment = r.rating_comment as string
    if (r.outside_hours != null && bool(r.outside_hours)) c.outsideHours = true
    if (r.offline != null && bool(r.offline)) c.offline = true
    return c
  },

  /** A message row; `chatId` when the row does not carry it (what append_message returns). */
  toMessage: (r: Row, chatId = r.chat_id as string): ChatMessage => {
    const m: ChatMessage = {
      id: r.id as string,
      chatId,
      seq: r.seq as number,
      from: r.author as ChatMessage['from'],
      parts: json(r.parts) as ChatMessage['parts'],
      at: r.at as number
    }
    if (r.name !== null) m.name = r.name as string
    if (r.event !== null) m.event = r.event as ChatMessage['event']
    return m
  },

  /** A visitor row. */
  toVisitor: (r: Row): VisitorRecord => {
    const v: VisitorRecord = { id: r.id as string, tokenHash: r.token_hash as string, verified: Number(r.verified), createdAt: r.created_at as number }
    if (r.name !== null) v.name = r.name as string
    if (r.email !== null) v.email = r.email as string
    if (r.external_id !== null) v.externalId = r.external_id as string
    const attributes = json(r.attributes) as Record<string, string>
    if (Object.keys(attributes).length) v.attributes = attributes
    return v
  },

  /** A note row. */
  toNote: (r: Row): ChatNote => ({
    id: r.id as string,
    chatId: r.chat_id as string,
    agentId: r.agent_id as string,
    name: r.name as string,
    text: r.text as string,
    at: Number(r.at)
  }),

  /** A ticket row. */
  toTicket: (r: Row): Ticket => {
    const t: Ticket = {
      id: r.id as string,
      number: r.number as number,
      chatId: r.chat_id as string,
      title: r.title as string,
      customer: {},
      tags: json(r.tags) as string[],
      status: r.status as Ticket['status'],
      note: r.note as string,
      chatUrl: r.chat_url as string,
      createdAt: r.created_at as number,
      webhook: { status: r.webhook_status as Ticket['webhook']['status'], attempts: r.webhook_attempts as number }
    }
    if (r.customer_name !== null) t.customer.name = r.customer_name as string
    if (r.customer_email !== null) t.customer.email = r.customer_email as string
    if (r.webhook_error !== null) t.webhook.error = r.webhook_error as string
    if (r.rating != null) t.rating = r.rating as Ticket['rating']
    if (r.rating_comment != null) t.ratingComment = r.rating_comment as string
    if (r.offline != null && bool(r.offline)) t.offline = true
    if (r.outside_hours != null && bool(r.outside_hours)) t.outsideHours = true
    return t
  }
})

/** SQLite: JSON as text, booleans as 0 and 1. */
export const sqliteRows = rowReaders({ json: (v) => JSON.parse(v as string), bool: (v) => v === 1 })

/** PostgreSQL: jsonb parsed by pg, real booleans. */
export const pgRows = rowReaders({ json: (v) => v, bool: (v) => v === true })
