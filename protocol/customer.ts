import type { ChatMessage, CustomerChat, VisitorInfo } from './chat.js'
import type { ErrorCode } from './errors.js'
import type { Part } from './parts.js'

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
  | { type: 'start'; id: string; parts: Part[]; visitor?: VisitorInfo }
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

/** Defaults the site's admin set for the widget (the script tag's data-* attributes win). */
export interface SiteInfo {
  title?: string
  color?: string
  greeting?: string
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
  | { type: 'welcome'; v: number; available: boolean; chat: CustomerChat | null; messages: ChatMessage[]; site?: SiteInfo; limits?: CustomerLimits }
  | { type: 'availability'; available: boolean }
  /** A chat was created; `token` resumes it (store it). */
  | { type: 'started'; token: string; chat: CustomerChat }
  /** The chat's state changed: answered, queue position, ended. */
  | { type: 'chat'; chat: CustomerChat }
  /** The message with client id `id` is committed as `seq`. */
  | { type: 'ack'; id: string; seq: number; at: number }
  | { type: 'message'; message: ChatMessage }
  /** Answer to sync. */
  | { type: 'history'; messages: ChatMessage[] }
  | { type: 'typing'; on: boolean; name?: string }
  | { type: 'pong' }
  /** `ref` is the client id of the message the error is about. */
  | { type: 'error'; code: ErrorCode; message: string; ref?: string }
