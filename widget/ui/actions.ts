// What the customer can do from the UI, and everything a component needs to draw itself.
import type { SiteInfo } from '../../protocol/index.js'
import type { ParleyOptions } from '../api.js'
import type { Forms } from '../chat/load-forms.js'
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
  /** Sends the offline form (availability mode `form`) to the relay. */
  leave(): void
  /** The pre-chat form is filled in: its values go with the chat's start. */
  pre(): void
  /** Sends the rating chosen in `end` (once per chat). */
  rate(): void
  /** Repaints after a choice in a form (the rating's good or bad). */
  paint(): void
  /** Asks the relay to mail the transcript to the address in `end.mail`. */
  mail(): void
  /** Saves the transcript as a text file. */
  download(): void
}

/** One field of a form: its name (its label's key too), whether it may stay empty, a topic's choices. */
export interface FieldSpec {
  k: 'name' | 'email' | 'topic' | 'message' | 'comment' | 'image'
  opt?: boolean
  opts?: string[]
}

/** A form as the visitor fills it: values and errors by field name ('' for the form's own), sending, sent. */
export interface FormState {
  v: Record<string, string | undefined>
  e: Record<string, string>
  busy?: boolean
  /** sent: what the visitor is told happens next */
  done?: string
  /** the image picked (offline form) */
  file?: File
}

/** The end of a chat: the rating (`v.rating` good or bad, `v.comment`; `done` once sent) and the transcript by email (`v.email`). */
export interface EndState {
  rate: FormState
  mail: FormState
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
  /** the offline form shows (mode `form`, no one can answer, no chat on screen: an ended one stays until put away) */
  leave: boolean
  /** the offline form */
  off: FormState
  /** the pre-chat fields still to ask for (none: the composer shows) and their form */
  pre: FieldSpec[]
  pf: FormState
  /** the end of the chat on screen */
  end: EndState
  /** the forms chunk (offline and pre-chat forms, rating, transcript) */
  forms: Forms
  /** the composer's textarea ref: the saved draft and focus when the window opens */
  grab(el: HTMLTextAreaElement | null): void
}
