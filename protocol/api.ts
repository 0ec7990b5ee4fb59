// Types of the relay's HTTP API used by the console (JSON bodies). Frames are in agent.ts/customer.ts.
import type { BusinessHours } from './business-hours.js'
import type { ChatMessage, ChatSummary } from './chat.js'
import type { Rating } from './rating.js'
import type { OfflineMode, PreChatSettings } from './site.js'

/** A page the customer was on, in order of visit. */
export interface PageVisit {
  url: string
  title?: string
  /** ms since epoch */
  at: number
}

/** The technical details recorded for a chat (shown in its details view). */
export interface ChatTech {
  /** the client address (X-Forwarded-For is honoured only from trusted proxies) */
  ip?: string
  userAgent?: string
  browser?: string
  os?: string
  referrer?: string
  lang?: string
  tz?: string
  screen?: string
  /** every page, the first being where the chat started */
  pages: PageVisit[]
}

/** `GET /api/chats/:id`: a chat with its details and transcript. */
export interface ChatDetails {
  chat: ChatSummary
  tech: ChatTech
  messages: ChatMessage[]
}

/** `PATCH /api/chats/:id` body. */
export interface ChatPatch {
  title?: string
  tags?: string[]
}

/** One result of the archive search; `snippet` marks matches with \u0002…\u0003 (render as highlight, never as HTML). */
export interface ArchiveHit {
  chat: ChatSummary
  snippet: string
}

/**
 * `GET /api/archive?q=&limit=&cursor=`: a page of archive hits. `next`, when present, is the
 * `cursor` of the following page ("more results"); `timedOut` says the relay's time limit cut the
 * search short: `hits` are what it found until then, and `next` (if any) goes on from there.
 */
export interface ArchivePage {
  hits: ArchiveHit[]
  next?: string
  timedOut?: boolean
}

/** Marks around a match in an archive snippet. */
export const HIGHLIGHT = { start: '\u0002', end: '\u0003' } as const

/** A canned reply. `{{customer.name}}`, `{{customer.email}}` and `{{agent.name}}` are filled in on insert. */
export interface TextModule {
  id: string
  name: string
  /** space-separated words the `::` picker also matches */
  keywords: string
  content: string
  updatedAt: number
}

/** State of the outbound webhook for a ticket. */
export type WebhookStatus = 'none' | 'pending' | 'delivered' | 'failed'

/** A ticket made from a chat. */
export interface Ticket {
  id: string
  /** human-friendly, from 1 */
  number: number
  chatId: string
  title: string
  customer: { name?: string; email?: string }
  tags: string[]
  status: 'open' | 'closed'
  /** the first note: a link to the chat and the transcript as text */
  note: string
  /** console URL that opens the chat's transcript */
  chatUrl: string
  createdAt: number
  webhook: { status: WebhookStatus; attempts: number; error?: string }
  /** the visitor's rating of the chat (when it was rated before the ticket was made) */
  rating?: Rating
  ratingComment?: string
  /** made from the offline form rather than by an agent from a chat */
  offline?: boolean
  /** the message came in outside the site's business hours */
  outsideHours?: boolean
}

/** An agent's own settings (the seed's Settings control). */
export interface AgentSettings {
  /** auto-greetings; one is picked at random when the agent answers a chat */
  greetings: string[]
  /** 1–20 */
  maxChats: number
  /** the name customers see */
  displayName: string
  sound: boolean
  notifications: boolean
}

/** An agent account as admins manage it. */
export interface AgentAccount {
  id: string
  name: string
  displayName: string
  email: string
  role: 'admin' | 'agent'
  disabled: boolean
  on: boolean
  maxChats: number
}

/** Site-wide settings, managed by admins. */
export interface SiteSettings {
  /** origins allowed to embed the widget, e.g. https://shop.example.com */
  allowedOrigins: string[]
  /** default widget title and colour (the script tag's data-* attributes win) */
  widgetTitle: string
  widgetColor: string
  /** shown to customers before they write */
  greeting: string
  /** the site's IANA time zone (e.g. Europe/Berlin): reports count local days and hours in it; UTC until set */
  timeZone?: string
  /**
   * What the widget does while no one can answer (no agent on, or outside business hours); default
   * `hide`. The script tag's data-availability attribute wins when present.
   */
  offlineMode?: OfflineMode
  /** weekly opening hours; outside them customers cannot start a chat. Default: always open */
  businessHours?: BusinessHours
  /** the pre-chat form; default: off */
  preChat?: PreChatSettings
  /** the visitor may rate an ended chat; default false */
  ratings?: boolean
  /**
   * the visitor may download their transcript as text and, when the relay can send mail
   * (PARLEY_SMTP_URL, PARLEY_MAIL_FROM), have it emailed; default false
   */
  transcripts?: boolean
}

/** Fills `{{customer.name}}`-style placeholders; unknown ones stay as they are. */
export const fillPlaceholders = (text: string, values: Record<string, string | undefined>): string =>
  text.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, key: string) => values[key] ?? whole)
