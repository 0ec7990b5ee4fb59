// Parley's widget for TypeScript users: the script tag's global `Parley` and the ES module's
// `createParley()` (dist/parley.mjs). Copied to dist/parley.d.ts by build.mjs; written by hand
// so it needs none of our sources, and kept in step with widget/api.ts by test/widget/api-types.test.ts.

/** Message content: plain text (always shown as text, never as markup). */
export interface TextPart {
  type: 'text'
  text: string
}

/** Message content: an image uploaded to the relay (`<relay>/uploads/<id>`). */
export interface ImagePart {
  type: 'image'
  id: string
  mime: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'
  /** pixels */
  width: number
  /** pixels */
  height: number
}

/** One piece of a message. */
export type Part = TextPart | ImagePart

/** A message as the relay stored it. */
export interface ChatMessage {
  /** client-generated id, unique per chat */
  id: string
  chatId: string
  /** the relay's sequence number, per chat, from 1, without gaps */
  seq: number
  from: 'customer' | 'agent' | 'system'
  /** the agent's display name, or the subject of a system event */
  name?: string
  parts: Part[]
  /** ms since epoch, relay clock */
  at: number
  /** set on system messages */
  event?: 'joined' | 'left' | 'ended' | 'transferred' | 'requeued'
}

/** The customer's chat. */
export interface CustomerChat {
  id: string
  status: 'waiting' | 'active' | 'ended'
  /** display name of the agent in the chat */
  agentName?: string
  /** 1-based place in the waiting queue while waiting */
  position?: number
  /** highest sequence number stored in the chat */
  lastSeq: number
}

/** Codes of the `error` event. */
export type ErrorCode =
  | 'bad_frame'
  | 'bad_version'
  | 'unauthorized'
  | 'forbidden'
  | 'unavailable'
  | 'no_chat'
  | 'chat_exists'
  | 'not_found'
  | 'taken'
  | 'max_chats'
  | 'ended'
  | 'too_large'
  | 'rate_limited'
  | 'queue_full'
  | 'internal'

/** Events and their payloads, for `on()` and `off()`. */
export interface ParleyEvents {
  /** The relay answered for the first time: `isAvailable()` is now meaningful. */
  ready: undefined
  /** Whether an agent is online changed (true: one is). */
  availability: boolean
  /** The chat window opened. */
  open: undefined
  /** The chat window closed. */
  close: undefined
  /** A message was committed by the relay: the customer's own (once acked) and the agent's and system ones. */
  message: ChatMessage
  /** The number of agent messages the customer has not seen changed. */
  unread: number
  /** A chat began (the customer's first message was accepted) or was resumed after a reload. */
  'chat:start': CustomerChat
  /** The chat ended (by the customer, the agent, reset(), or because the relay forgot it). */
  'chat:end': CustomerChat
  /** The relay refused something; the widget shows it too. */
  error: { code: ErrorCode; message: string }
}

/** Who the customer is, for `identify()`. */
export interface Identity {
  /** your own user id */
  id?: string
  name?: string
  email?: string
  /** hex HMAC-SHA256 of `id` with the relay's identity secret, made by the site's server: proves the id alone */
  hash?: string
  /** an HS256 JWT signed with the relay's identity secret by the site's server; its `sub`, `name` and `email` replace the fields above and are each shown as verified */
  token?: string
}

/** Options of `createParley()`; the script tag takes them as `data-*` attributes (`data-z-index` for zIndex). */
export interface ParleyOptions {
  /** The relay's origin, e.g. `https://chat.example.com`. */
  relay: string
  /** Header and launcher name. Default: the site's setting, else "Chat with us" in the locale. */
  title?: string
  /** Accent colour (any CSS colour); text on it is black or white, whichever reads better. Default: the site's setting, else #0b5fff. */
  color?: string
  /** Corner of the launcher and window. Default right. */
  position?: 'left' | 'right'
  /** Distance from the corner in px: one number, or "x y". Default 20. */
  offset?: number | string
  /** z-index of the launcher and window. Default 2147483000. */
  zIndex?: number | string
  /** en, de, fr, es or ar. Default: the page's `<html lang>`, else the browser's language. */
  locale?: string
  /** Draw the launcher button. With false, open the chat with `open()` or any element with `data-parley-open`. Default true. */
  launcher?: boolean | 'false'
  /** While no agent is online: no launcher (`hide`, default), or one that says so (`disabled`). */
  availability?: 'hide' | 'disabled'
  /** Default `auto`: follows the visitor's `prefers-color-scheme`. */
  theme?: 'auto' | 'light' | 'dark'
  /** A short sound for agent messages while the window is closed or the page hidden (in one tab). Default true. */
  sound?: boolean | 'false'
  /** CSP nonce for the widget's <style> where constructable stylesheets are missing (Safari < 16.4). Default: the script tag's nonce. */
  nonce?: string
  /** Element the widget is appended to. Default document.body. */
  parent?: HTMLElement
}

/** The JS API. No method ever throws into your page. */
export interface Parley {
  /** Opens the chat window; false (and nothing happens) while no agent is online and no chat is in progress. */
  open(): boolean
  close(): void
  /** Returns whether the window is open now. */
  toggle(): boolean
  isOpen(): boolean
  /** Whether an agent is online (false until the relay answered). */
  isAvailable(): boolean
  /** Agent messages the customer has not seen yet. */
  unreadCount(): number
  on<K extends keyof ParleyEvents>(type: K, fn: (payload: ParleyEvents[K]) => void): void
  off<K extends keyof ParleyEvents>(type: K, fn: (payload: ParleyEvents[K]) => void): void
  /** Tells agents who the customer is. */
  identify(who: Identity): void
  /** Details shown on the agent's info card; values become strings. */
  setAttributes(attributes: Record<string, string | number | boolean>): void
  /** Switches the language. */
  setLocale(lang: string): void
  /** Ends the chat and deletes everything the widget stored (use on logout). */
  reset(): void
  /** Removes the widget from the page: markup, listeners, sockets. */
  destroy(): void
}

/** What the async snippet leaves in `window.Parley` until the script has loaded: queued calls. */
export interface ParleyStub {
  q: [keyof Parley, ArrayLike<unknown>][]
}

/** Starts a widget (ES module build). */
export declare function createParley(options: ParleyOptions): Parley

declare global {
  interface Window {
    /** The widget's API, made by the script tag. */
    Parley?: Parley
  }
}
