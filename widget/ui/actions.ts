// What the customer can do from the UI, and everything a component needs to draw itself.
import type { RefObject } from 'preact'
import type { ChatState } from '../state.js'
import type { Strings } from '../strings.js'

/** The UI's verbs; create-parley implements them over the state machine. */
export interface Actions {
  toggle(): void
  close(): void
  /** Sends a message (starting the chat if there is none). */
  send(text: string): void
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

/** The props every component gets: one object, re-rendered from the top on every change. */
export interface View {
  s: ChatState
  t: Strings
  /** the locale, for the `lang` attribute */
  lang: string
  title: string
  /** shown before the first message */
  greeting: string
  /** the relay's origin: image URLs are built from it */
  relay: string
  left: boolean
  /** 'dark', 'light' or 'auto' (follows the page's colour scheme) */
  theme: string
  /** whether to draw the launcher (false: the site opens the chat with its own buttons) */
  launcher: boolean
  /** availability mode 'disabled': a greyed launcher that opens a window saying nobody is there */
  disabled: boolean
  /** the window may open */
  may: boolean
  a: Actions
  /** holds the launcher, to give focus back to it */
  fab: RefObject<HTMLButtonElement | null>
  /** the composer's textarea ref: focus and the saved draft when the window opens */
  grab(el: HTMLTextAreaElement | null): void
}
