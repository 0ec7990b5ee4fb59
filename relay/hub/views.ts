// Turns stored records into what clients see.
import type { AgentSelf, AgentSummary, ChatSummary, CustomerChat } from '../../protocol/index.js'
import type { AgentRecord, ChatRecord, VisitorRecord } from '../store/store.js'
import { decodeVerified } from '../security/identity.js'
import { describeUserAgent } from './user-agent.js'

/** A chat as agents list it. */
export const toSummary = (c: ChatRecord, visitor: VisitorRecord | undefined, agent: AgentRecord | undefined): ChatSummary => {
  const s: ChatSummary = {
    id: c.id,
    status: c.status,
    title: c.title,
    customer: { verified: decodeVerified(visitor?.verified ?? 0), ...(visitor?.externalId ? { externalId: visitor.externalId } : {}) },
    createdAt: c.createdAt,
    firstText: c.firstText,
    lastSeq: c.lastSeq,
    tags: c.tags,
    queuedAt: c.queuedAt,
    visitor: { ...c.visitor },
    ...describeUserAgent(c.userAgent)
  }
  // The info card shows where the customer is now: the last page they went to.
  const now = c.pages.at(-1)
  if (now) {
    s.visitor.url = now.url
    if (now.title) s.visitor.title = now.title
    else delete s.visitor.title
  }
  if (visitor?.attributes) s.attributes = visitor.attributes
  if (c.ticketId) s.ticketId = c.ticketId
  if (visitor?.name) s.customer.name = visitor.name
  if (visitor?.email) s.customer.email = visitor.email
  if (c.agentId) s.agentId = c.agentId
  if (agent) s.agentName = agent.displayName
  if (c.answeredAt) s.answeredAt = c.answeredAt
  if (c.endedAt) s.endedAt = c.endedAt
  if (c.topic) s.topic = c.topic
  if (c.rating) s.rating = c.rating
  if (c.ratingComment) s.ratingComment = c.ratingComment
  if (c.outsideHours) s.outsideHours = true
  if (c.offline) s.offline = true
  return s
}

/** A chat as its customer sees it; `position` is the 1-based place in the queue while waiting. */
export const toCustomerChat = (c: ChatRecord, agent: AgentRecord | undefined, position?: number): CustomerChat => {
  const v: CustomerChat = { id: c.id, status: c.status, lastSeq: c.lastSeq }
  if (agent && c.status !== 'waiting') v.agentName = agent.displayName
  if (c.status === 'waiting' && position) v.position = position
  if (c.rating) v.rating = c.rating
  return v
}

/** The agent's own account. */
export const toSelf = (a: AgentRecord): AgentSelf => ({
  id: a.id,
  name: a.name,
  displayName: a.displayName,
  email: a.email,
  role: a.role,
  on: a.on,
  maxChats: a.maxChats,
  greetings: a.greetings,
  sound: a.sound,
  notifications: a.notifications
})

/** An agent in the Active agents list. */
export const toAgentSummary = (a: AgentRecord, chats: number): AgentSummary => ({
  id: a.id,
  name: a.displayName,
  on: a.on,
  chats,
  maxChats: a.maxChats
})
