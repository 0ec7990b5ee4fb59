import type { ChatMessage, CustomerChat, ReadMarks, VisitorInfo } from './chat.js'
import type { ErrorCode } from './errors.js'
import type { Part } from './parts.js'
import type { Rating } from './rating.js'
import type { OfflineMode, PreChatSettings, PreChatValues } from './site.js'

/** First frame on `/ws/customer`. `token` resumes a session; `after` asks for messages after seq N. */
export interface CustomerHello {
  type: 'hello'
  v: number
  token?: string
  after?: number
  visitor?: VisitorInfo
}

/** Everything a customer can say. A customer cannot even express an agent action. */
export type CustomerMsg =
  | CustomerHello
  /** Start a chat with its first message (a chat never waits empty). */
  /** `visitor` adds details learnt since the hello (e.g. the time zone, worked out on open). */
  /** `preChat` is what the visitor filled into the site's pre-chat form (SiteInfo.preChat). */
  | { type: 'start'; id: string; parts: Part[]; visitor?: VisitorInfo; preChat?: PreChatValues }
  | { type: 'send'; id: string; parts: Part[] }
  /** `text` is the draft, shown to agents as a live preview. */
  | { type: 'typing'; on: boolean; text?: string }
  | { type: 'end' }
  /** Ask for every message with seq > after (catch-up after a gap). */
  | { type: 'sync'; after: number }
  /** The customer navigated to another page of the site. */
  | { type: 'page'; url: string; title?: string }
  /**
   * Who the customer is. Two proofs, both made by the site's server with its identity secret:
   * `hash`, hex HMAC-SHA256 of `id`, proves the id alone; `token`, an HS256 JWT whose `sub`,
   * `name` and `email` claims replace the plain ones, proves each claim it carries. Agents see a
   * mark on exactly the proven fields; everything else is shown as the customer's own words.
   */
  | { type: 'identify'; id?: string; name?: string; email?: string; hash?: string; token?: string }
  /** Site-defined details shown on the agent's info card (string values). */
  | { type: 'attributes'; attributes: Record<string, string> }
  /** Liveness check from the client (browsers cannot send WebSocket pings); answered with `pong`. */
  | { type: 'ping' }
  /** The customer has seen every message of their chat up to `seq` (for the agent's "Seen"). */
  | { type: 'read'; seq: number }
  /** Rates the ended chat, once (SiteInfo.ratings); answered with a `chat` frame carrying the rating. */
  | { type: 'rate'; rating: Rating; comment?: string }
  /** Sends the chat's transcript to `email` (SiteInfo.transcript.email); answered with `transcript`. */
  | { type: 'transcript'; email: string }

/** Defaults the site's admin set for the widget (the script tag's data-* attributes win). */
export interface SiteInfo {
  title?: string
  color?: string
  greeting?: string
  /** what to do while no one can answer; absent: `hide` (the data-availability attribute wins) */
  offline?: OfflineMode
  /** the pre-chat form; absent: none */
  preChat?: PreChatSettings
  /** the visitor may rate an ended chat */
  ratings?: boolean
  /** the visitor may download the transcript as text (`GET /api/transcript`); `email`: and have it mailed */
  transcript?: { email: boolean }
  /** outside the site's business hours (chats cannot start, whoever is online) */
  outsideHours?: boolean
}

/** The relay's limits a widget checks before sending (more is refused with `too_large`). */
export interface CustomerLimits {
  /** characters of text in one message */
  textChars: number
  /** bytes of one WebSocket frame (a bigger one closes the socket with 4009) */
  frameBytes: number
}

/** Everything the relay says to a customer. */
export type RelayToCustomer =
  /** Answer to hello: availability, the chat being resumed, the messages after `after`, and the relay's limits. */
  /** `reads`: how far each side has read the chat being resumed. */
  | {
      type: 'welcome'
      v: number
      available: boolean
      chat: CustomerChat | null
      messages: ChatMessage[]
      site?: SiteInfo
      limits?: CustomerLimits
      reads?: ReadMarks
    }
  /** Whether a chat can start now; `outsideHours` says it is the business hours (not the agents) that stop it. */
  | { type: 'availability'; available: boolean; outsideHours?: boolean }
  /** The admin changed the site settings: this replaces the welcome's `site` entirely. */
  | { type: 'site'; site: SiteInfo }
  /** The chat's agent has read up to `seq` (show "Seen" on the customer's messages up to it). */
  | { type: 'read'; seq: number }
  /** The transcript went to `email`. */
  | { type: 'transcript'; email: string }
  /** A chat was created; `token` resumes it (store it). */
  | { type: 'started'; token: string; chat: CustomerChat }
  /** The chat's state changed: answered, queue position, ended. */
  | { type: 'chat'; chat: CustomerChat }
  /** The message with client id `id` is committed as `seq`. */
  | { type: 'ack'; id: string; seq: number; at: number }
  | { type: 'message'; message: ChatMessage }
  /** Answer to sync, with the read marks as they are now. */
  | { type: 'history'; messages: ChatMessage[]; reads?: ReadMarks }
  | { type: 'typing'; on: boolean; name?: string }
  | { type: 'pong' }
  /** `ref` is the client id of the message the error is about. */
  | { type: 'error'; code: ErrorCode; message: string; ref?: string }
