// Rows of the PostgreSQL store turned into the Store's records (jsonb is parsed by pg, int8 by our type parser).
import type { ChatMessage, ChatStatus } from '../../protocol/index.js'
import type { AgentRecord, ChatRecord, VisitorRecord } from './store.js'

/** A row as pg returns it. */
export type Row = Record<string, unknown>

/** An agent row. */
export const toAgent = (r: Row): AgentRecord => ({
  id: r.id as string,
  email: r.email as string,
  name: r.name as string,
  displayName: r.display_name as string,
  role: r.role as AgentRecord['role'],
  passwordHash: r.password_hash as string,
  on: r.is_on as boolean,
  maxChats: r.max_chats as number,
  greetings: r.greetings as string[],
  sound: r.sound as boolean,
  notifications: r.notifications as boolean,
  disabled: r.disabled as boolean,
  createdAt: r.created_at as number
})

/** A chat row. */
export const toChat = (r: Row): ChatRecord => {
  const c: ChatRecord = {
    id: r.id as string,
    visitorId: r.visitor_id as string,
    status: r.status as ChatStatus,
    title: r.title as string,
    createdAt: r.created_at as number,
    lastSeq: r.last_seq as number,
    firstText: r.first_text as string,
    tags: r.tags as string[],
    visitor: r.visitor as ChatRecord['visitor'],
    queuedAt: r.queued_at as number,
    pages: r.pages as ChatRecord['pages']
  }
  if (r.ticket_id !== null) c.ticketId = r.ticket_id as string
  if (r.agent_id !== null) c.agentId = r.agent_id as string
  if (r.answered_at !== null) c.answeredAt = r.answered_at as number
  if (r.ended_at !== null) c.endedAt = r.ended_at as number
  if (r.ip !== null) c.ip = r.ip as string
  if (r.user_agent !== null) c.userAgent = r.user_agent as string
  return c
}

/** A message row (also what append_message returns, with the chat id given). */
export const toMessage = (r: Row, chatId = r.chat_id as string): ChatMessage => {
  const m: ChatMessage = {
    id: r.id as string,
    chatId,
    seq: r.seq as number,
    from: r.author as ChatMessage['from'],
    parts: r.parts as ChatMessage['parts'],
    at: r.at as number
  }
  if (r.name !== null) m.name = r.name as string
  if (r.event !== null) m.event = r.event as ChatMessage['event']
  return m
}

/** A visitor row. */
export const toVisitor = (r: Row): VisitorRecord => {
  const v: VisitorRecord = { id: r.id as string, tokenHash: r.token_hash as string, verified: Number(r.verified), createdAt: r.created_at as number }
  if (r.name !== null) v.name = r.name as string
  if (r.email !== null) v.email = r.email as string
  if (r.external_id !== null) v.externalId = r.external_id as string
  const attributes = r.attributes as Record<string, string>
  if (Object.keys(attributes).length) v.attributes = attributes
  return v
}

/** Chat columns without the search vector (never read back). */
export const CHAT_COLUMNS =
  'id, visitor_id, status, title, agent_id, created_at, answered_at, ended_at, last_seq, first_text, tags, visitor, ip, user_agent, queued_at, pages, ticket_id'
