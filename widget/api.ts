// The public surface: what `window.Parley` and `createParley()` give a developer, as types.
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
  /** A chat began (the customer's first message was accepted) or was resumed after a reload. */
  'chat:start': CustomerChat
  /** The chat ended (by the customer, the agent, or because the relay forgot it). */
  'chat:end': CustomerChat
  /** The relay refused something; the widget shows it too. */
  error: { code: ErrorCode; message: string }
}

/** Where the chat window sits. */
export type Position = 'left' | 'right'

/** Options of `createParley()`; the script tag reads them from its `data-*` attributes. */
export interface ParleyOptions {
  /** The relay's origin, e.g. `https://chat.example.com` (the script tag uses its own `src`). */
  relay: string
  /** Shown in the header and as the launcher's accessible name. Default "Chat with us". */
  title?: string
  /** Accent colour (any CSS colour) of the launcher, header and customer bubbles. Default #0b5fff. */
  color?: string
  /** Corner of the launcher and window. Default right. */
  position?: Position
  /** Element the widget's host element is appended to. Default document.body. */
  parent?: HTMLElement
  /** Opens the connection to the relay; tests inject a fake. Default a WebSocket to `relay`. */
  transport?: TransportFactory
  /** Keeps the session token; tests inject memory. Default IndexedDB (`parley`/`session`). */
  store?: SessionStore
}

/** The JS API. No method ever throws into the host page. */
export interface Parley {
  /** Opens the chat window; false (and nothing happens) while no agent is online and no chat is in progress. */
  open(): boolean
  /** Closes the chat window. */
  close(): void
  /** Opens the window if closed, closes it if open; returns whether it is open now. */
  toggle(): boolean
  /** Whether the chat window is open. */
  isOpen(): boolean
  /** Whether an agent is online (false until the relay answered). */
  isAvailable(): boolean
  /** Calls `fn` on every `type` event. */
  on<K extends keyof ParleyEvents>(type: K, fn: (payload: ParleyEvents[K]) => void): void
  /** Stops calling `fn` on `type` events. */
  off<K extends keyof ParleyEvents>(type: K, fn: (payload: ParleyEvents[K]) => void): void
  /** Removes the widget from the page and closes its connection; the stored session stays. */
  destroy(): void
}
