// What the customer can do from the UI, and everything a component needs to draw itself.
import type { SiteInfo } from '../../protocol/index.js'
import type { ParleyOptions } from '../api.js'
import type { ChatState } from '../state.js'
import type { Strings } from '../strings.js'

/** The UI's verbs; the chat (chat/start-chat.ts) implements them over the state machine. */
export interface Actions {
  close(): void
  /** Sends a message (starting the chat if there is none); false when it is longer than the relay takes. */
  send(text: string): boolean
  /** Sends images (each its own message) the customer pasted, dropped or picked. */
  files(list: FileList | File[]): void
  /** Sends failed message `id` again. */
  retry(id: string): void
  /** The draft is now `text` (typing signal, preview and saved draft). */
  input(text: string): void
  /** Ends the chat in progress. */
  end(): void
  /** Puts an ended chat away so the next message starts a new one. */
  newChat(): void
}

/** An image on its way to the relay: a local URL to show it, and the upload's progress 0–1. */
export interface Upload {
  url: string
  p: number
}

/** The props every component gets: one object, re-rendered from the top on every change. */
export interface View {
  s: ChatState
  t: Strings
  o: ParleyOptions
  /** the site's defaults from the relay (greeting) */
  site: SiteInfo
  /** the option's, else the site's, else the locale's */
  title: string
  /** images being uploaded */
  up: Upload[]
  a: Actions
  /** the composer's textarea ref: the saved draft and focus when the window opens */
  grab(el: HTMLTextAreaElement | null): void
}
