// The public surface: what `window.Parley` and `createParley()` give a developer, as types.
// dist/parley.d.ts is generated from them (build.mjs, dts-bundle-generator over widget/index.ts);
// test/widget/api-types.test.ts checks the generated file.
import type { ChatMessage, CustomerChat, ErrorCode } from '../protocol/index.js'
import type { SessionStore } from './session-store.js'
import type { TransportFactory } from './transport.js'

/** Events and their payloads. */
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
  /** The relay refused something (the widget shows it too). */
  error: { code: ErrorCode; message: string }
}

/** Where the chat window sits. */
export type Position = 'left' | 'right'

/** What the widget does while no one can answer (no agent online, or outside business hours): `hide` the launcher, show it `disabled`, or open a `form` to leave a message. */
export type AvailabilityMode = 'hide' | 'disabled' | 'form'

/** Light or dark colours; `auto` follows the visitor's `prefers-color-scheme`. */
export type Theme = 'auto' | 'light' | 'dark'

/** Who the customer is, for `identify()`. */
export interface Identity {
  /** the site's own user id */
  id?: string
  name?: string
  email?: string
  /** hex HMAC-SHA256 of `id` with the relay's identity secret, made by the site's server: proves the id alone */
  hash?: string
  /** an HS256 JWT signed with the relay's identity secret by the site's server; its `sub`, `name` and `email` replace the fields above and are each shown as verified */
  token?: string
}

/** Options of `createParley()`; the script tag reads them from its `data-*` attributes. */
export interface ParleyOptions {
  /** The relay's origin, e.g. `https://chat.example.com` (the script tag uses its own `src` unless `data-relay` is set). */
  relay: string
  /** Shown in the header and as the launcher's accessible name. Default: the site's setting, else "Chat with us" in the locale. */
  title?: string
  /** Accent colour (any CSS colour) of the launcher, header and customer bubbles; text on it is black or white, whichever reads better. Default: the site's setting, else #0b5fff. */
  color?: string
  /** Corner of the launcher and window. Default right. */
  position?: Position
  /** Distance from the corner in px: one number for both edges, or "x y". Default 20. */
  offset?: number | string
  /** z-index of the launcher and window. Default 2147483000. */
  zIndex?: number | string
  /** Language (en, de, fr, es, ar). Default: the page's `<html lang>`, else the browser's. */
  locale?: string
  /** Draw the launcher button. With false (or "false"), open the chat with `open()` or any element with `data-parley-open`. Default true. */
  launcher?: boolean | 'false'
  /** While no one can answer: `hide`, `disabled` or `form` (leave a message). Default: the site's setting, else `hide`. */
  availability?: AvailabilityMode
  /** Default auto. */
  theme?: Theme
  /** A short sound for agent messages while the window is closed or the page hidden (one tab only); false (or "false") for silence. Default true. */
  sound?: boolean | 'false'
  /** CSP nonce for the widget's <style> in browsers without constructable stylesheets (the script tag's own nonce by default). */
  nonce?: string
  /** Element the widget's host element is appended to. Default document.body. */
  parent?: HTMLElement
}

/** The options with the widget's two edges, which tests replace (not part of the published declarations). */
export interface WidgetOptions extends ParleyOptions {
  /** Opens the connection to the relay; tests inject a fake. Default a WebSocket to `relay`. */
  transport?: TransportFactory
  /** Keeps the session; tests inject memory. Default IndexedDB (database `parley`). */
  store?: SessionStore
}

/** The JS API. No method ever throws into the host page. */
export interface Parley {
  /** Opens the chat window; false (and nothing happens) while it may not open: no agent online and no chat in progress (in `disabled` mode it opens to say so, in `form` mode to the offline form). */
  open(): boolean
  /** Closes the chat window. */
  close(): void
  /** Opens the window if closed, closes it if open; returns whether it is open now. */
  toggle(): boolean
  /** Whether the chat window is open. */
  isOpen(): boolean
  /** Whether an agent is online (false until the relay answered). */
  isAvailable(): boolean
  /** Agent messages the customer has not seen yet. */
  unreadCount(): number
  /** Calls `fn` on every `type` event. */
  on<K extends keyof ParleyEvents>(type: K, fn: (payload: ParleyEvents[K]) => void): void
  /** Stops calling `fn` on `type` events. */
  off<K extends keyof ParleyEvents>(type: K, fn: (payload: ParleyEvents[K]) => void): void
  /** Tells agents who the customer is (sent with the chat, again after every reconnect). */
  identify(who: Identity): void
  /** Details shown on the agent's info card, e.g. `{ plan: 'pro' }`; values become strings. Merged with earlier ones. */
  setAttributes(attributes: Record<string, string | number | boolean>): void
  /** Switches the language (en, de, fr, es, ar; anything else is English). */
  setLocale(lang: string): void
  /** Ends the chat and forgets the session: everything stored is deleted (use on logout). */
  reset(): void
  /** Removes the widget from the page: markup, listeners, sockets. The stored session stays. */
  destroy(): void
}

/** What the async snippet leaves in `window.Parley` before the script has loaded: the queued calls. */
export interface ParleyStub {
  q: [keyof Parley, ArrayLike<unknown>][]
}

declare global {
  interface Window {
    /** The widget's JS API, created by the script tag (until then the snippet's stub, a ParleyStub). */
    Parley?: Parley
  }
}
