// The seam between the two halves of the widget: the loader (dist/parley.js, plain DOM, on every
// page view) and the chat (a chunk with Preact, loaded once a visitor wants it). The loader keeps
// the socket, the launcher and the API; it starts the chat with a Shell and then forwards to it.
import type { Identity, ParleyEvents, WidgetOptions } from './api.js'
import type { Emitter } from './emitter.js'
import type { TransportFactory } from './transport.js'

/** What the launcher shows and the getters answer: the loader's guess from the relay's frames until the chat runs, then the chat's state. */
export interface Face {
  /** a welcome arrived at least once */
  ready: boolean
  /** an agent is online */
  available: boolean
  /** the window may open (an agent online, a chat in progress, or mode `disabled` or `form`) */
  may: boolean
  /** the window is open */
  open: boolean
  /** agent messages not seen yet */
  unread: number
  /** `disabled` mode with nobody there: the launcher is greyed */
  off: boolean
}

/** Strings as fetched for the locale (a locale file's JSON, {} for English); the chat keeps only its own keys. */
export type RawStrings = Record<string, unknown>

/** What the loader hands the chat. */
export interface Shell {
  o: WidgetOptions
  /** the relay's origin, without a trailing slash */
  relay: string
  events: Emitter<ParleyEvents>
  /** the visitor token the loader's socket said hello with */
  token: string
  /** a session may be stored (a chat of an earlier page, or of another tab): the chat reads it before it connects */
  stored: boolean
  /** takes over the loader's socket (the frames since its last welcome are replayed to the chat first), or opens one */
  transport: TransportFactory
  /** the widget's host element (custom properties `--parley-*`) */
  host: HTMLElement
  /** the widget's element in the shadow root (it holds the launcher; the chat adds its window's element) */
  root: HTMLElement
  /** the launcher, when there is one (focus goes back to it) */
  fab: HTMLElement | null
  strings: RawStrings
  /** The window's title: the option's, else the site's, else the locale's (the loader's, which sees every frame first). */
  title(): string
  /** The loader's randomId() (protocol/ids.ts), handed over so the chat carries no copy of it. */
  id(bytes?: number): string
  /** Adds the chat's stylesheet to the shadow root. */
  css(text: string): void
  /** The chat's state changed: the launcher follows. */
  face(f: Face): void
}

/** What the chat gives the loader: the API methods that need it. */
export interface Chat {
  /** Opens the window (`from`: where focus goes back when it closes). */
  open(from?: Element | null): boolean
  close(): void
  toggle(): boolean
  identify(who: Identity): void
  /** As the page gave them: the chat checks them (widget/attributes.ts). */
  setAttributes(a: Record<string, unknown>): void
  reset(): void
  destroy(): void
  /** The locale changed. */
  strings(raw: RawStrings): void
}

/** The chat chunk's front door. */
export interface ChatModule {
  /** Starts the chat on the loader's shell. */
  startChat(shell: Shell): Chat
}
