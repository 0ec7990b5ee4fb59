import type { Part } from './parts.js'
import type { Rating } from './rating.js'

/** Where a chat is in its life. */
export type ChatStatus = 'waiting' | 'active' | 'ended'

/** Who wrote a message. `system` messages record events such as an agent joining. */
export type Author = 'customer' | 'agent' | 'system'

/** Events recorded in the transcript as system messages. */
export type ChatEvent = 'joined' | 'ended' | 'transferred' | 'requeued'

/** A stored message as every client sees it. */
export interface ChatMessage {
  /** client-generated id, unique per chat (idempotency key) */
  id: string
  chatId: string
  /** relay-assigned sequence number, per chat, from 1, without gaps */
  seq: number
  from: Author
  /** author's display name (agents), or the subject of a system event */
  name?: string
  parts: Part[]
  /** ms since epoch, relay clock */
  at: number
  /** set on system messages */
  event?: ChatEvent
}

/** What the customer knows about their chat. */
export interface CustomerChat {
  id: string
  status: ChatStatus
  /** display name of the agent in the chat */
  agentName?: string
  /** 1-based place in the waiting queue while waiting */
  position?: number
  /** highest sequence number stored in the chat */
  lastSeq: number
  /** the visitor's rating, once given (a chat is rated once) */
  rating?: Rating
}

/**
 * How far each side has read a chat: the highest seq the customer has seen, and the highest its
 * assigned agent has. Only ever grows; kept by the relay across reconnects and restarts.
 */
export interface ReadMarks {
  customer: number
  agent: number
}

/** Technical details recorded when a chat starts (and updated as the customer navigates). */
export interface VisitorInfo {
  url?: string
  title?: string
  referrer?: string
  lang?: string
  /** IANA time zone, e.g. Europe/Berlin */
  tz?: string
  /** CSS pixels, e.g. 1280x800 */
  screen?: string
}

/** The customer as agents see them. */
export interface CustomerInfo {
  name?: string
  email?: string
  /** the site's own user id, from identify() */
  externalId?: string
  /**
   * The claims the site proved, and only those: an HMAC `hash` proves the id alone, a signed
   * `token` every claim in it. Agents see a mark on exactly these fields.
   */
  verified: Claim[]
}

/** A fact about the customer that a site can prove. */
export type Claim = 'id' | 'name' | 'email'

/** Every claim, in the order they are shown. */
export const CLAIMS: readonly Claim[] = ['id', 'name', 'email']

/** A chat as it appears in the agent's lists. */
export interface ChatSummary {
  id: string
  status: ChatStatus
  title: string
  customer: CustomerInfo
  agentId?: string
  agentName?: string
  /** ms since epoch */
  createdAt: number
  answeredAt?: number
  endedAt?: number
  /** the customer's first message, as text */
  firstText: string
  lastSeq: number
  tags: string[]
  /** where the customer is now (url, title) and their language, time zone and screen */
  visitor: VisitorInfo
  /** parsed from the user agent, e.g. "Firefox 131", "Windows 11" */
  browser?: string
  os?: string
  /** attributes the site set with `Parley.setAttributes()` */
  attributes?: Record<string, string>
  /** the ticket made from this chat */
  ticketId?: string
  /** ms since epoch: the waiting queue's order (a requeued chat goes to the front); the panel sorts both lists by it */
  queuedAt?: number
  /** the topic the visitor chose in the pre-chat form */
  topic?: string
  /** the visitor's rating of the ended chat, and their comment */
  rating?: Rating
  ratingComment?: string
  /** the chat came in outside the site's business hours */
  outsideHours?: boolean
  /** left through the offline form (no live chat took place; it became a ticket) */
  offline?: boolean
  /** the panel version (`pv`) of this chat's last change; set on panel entries, newer wins */
  rev?: number
}

/** An agent as other agents see them. */
export interface AgentSummary {
  id: string
  /** the name shown to customers */
  name: string
  on: boolean
  chats: number
  maxChats: number
  /** the panel version (`pv`) of this agent's last change; newer wins */
  rev?: number
}

/** The agent's own account. */
export interface AgentSelf {
  id: string
  name: string
  displayName: string
  email: string
  role: 'admin' | 'agent'
  on: boolean
  maxChats: number
  /** auto-greetings; one is sent at random when this agent answers */
  greetings: string[]
  /** play a sound for incoming chats */
  sound: boolean
  /** show desktop notifications for incoming chats */
  notifications: boolean
}

/** The three lists of the agent panel; badges are their lengths. */
export interface Panel {
  /** oldest first */
  waiting: ChatSummary[]
  chatting: ChatSummary[]
  agents: AgentSummary[]
}
