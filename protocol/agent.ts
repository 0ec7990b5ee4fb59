import type { Ticket } from './api.js'
import type { AgentSelf, ChatMessage, ChatSummary, Panel, ReadMarks } from './chat.js'
import type { ErrorCode } from './errors.js'
import type { ChatNote } from './notes.js'
import type { PanelDelta } from './panel.js'
import type { Part } from './parts.js'

/** First frame on `/ws/agent` (the socket is authenticated by the session cookie). */
export interface AgentHello {
  type: 'hello'
  v: number
}

/** Everything an agent can say. */
export type AgentMsg =
  | AgentHello
  /** Switch chat on or off (the seed's On/Off). */
  | { type: 'status'; on: boolean }
  /** Answer a waiting chat. */
  | { type: 'accept'; chatId: string }
  | { type: 'send'; chatId: string; id: string; parts: Part[] }
  | { type: 'typing'; chatId: string; on: boolean }
  | { type: 'end'; chatId: string }
  /** Ask for every message of a chat with seq > after. */
  | { type: 'sync'; chatId: string; after: number }
  /** Hand a chat to another active agent, or back to the waiting queue when `to` is absent. */
  | { type: 'transfer'; chatId: string; to?: string }
  /** Stop receiving a chat's frames (a read-only window was closed). */
  | { type: 'leave'; chatId: string }
  /** Liveness check from the client (browsers cannot send WebSocket pings); answered with `pong`. */
  | { type: 'ping' }
  /** Ask for the whole panel again (a panel version was missed); answered with `panel`. */
  | { type: 'snapshot' }
  /** The agent has seen the chat up to `seq`; counts only from the chat's assigned agent (others are ignored). */
  | { type: 'read'; chatId: string; seq: number }
  /** Adds an internal note to a chat (any agent, any chat they can open); idempotent on `id`; never reaches the customer. */
  | { type: 'note'; chatId: string; id: string; text: string }

/** Everything the relay says to an agent. */
export type RelayToAgent =
  /** `panel` is the whole panel at version `pv`; `panelDelta` frames continue from there. */
  /** `outsideHours`: the site is outside its business hours (customers cannot start chats). */
  | { type: 'welcome'; v: number; me: AgentSelf; panel: Panel; pv: number; mine: ChatSummary[]; outsideHours?: boolean }
  /** The site went in or out of its business hours. */
  | { type: 'hours'; outsideHours: boolean }
  /** The agent's own account changed (on/off, settings). */
  | { type: 'me'; me: AgentSelf }
  /** The whole panel at version `pv` (the answer to `snapshot`). */
  | { type: 'panel'; pv: number; panel: Panel }
  /** What changed in the panel since version `from` (see panel.ts). */
  | ({ type: 'panelDelta' } & PanelDelta)
  /** A chat of this agent was assigned, changed or ended. */
  | { type: 'chat'; chat: ChatSummary }
  /** A chat's messages, with all its internal notes and the read marks as they are now. */
  | { type: 'history'; chatId: string; messages: ChatMessage[]; notes?: ChatNote[]; reads?: ReadMarks }
  /** An internal note was added to a chat this agent follows (their own included: that is its ack). */
  | { type: 'note'; note: ChatNote }
  /** The customer of a chat has read up to `seq`. */
  | { type: 'read'; chatId: string; seq: number }
  | { type: 'message'; message: ChatMessage }
  | { type: 'ack'; chatId: string; id: string; seq: number; at: number }
  /** The customer's typing state; `text` is the live preview of their draft. */
  | { type: 'typing'; chatId: string; on: boolean; text?: string }
  | { type: 'pong' }
  /** A ticket was made or changed (status, webhook delivery): never a silent failure. */
  | { type: 'ticket'; ticket: Ticket }
  | { type: 'error'; code: ErrorCode; message: string; ref?: string }
