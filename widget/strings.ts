// Every text the widget shows. English is built in; the other locales are JSON files of the same
// keys (widget/locales/*.json), fetched from the relay only by visitors who need them, so only the
// active language costs bytes. `{}` in a text is filled in by fmt().
import { LOCALES } from './locales-list.js'
import type { formsEn } from './chat/forms-strings.js'
import type { RawStrings } from './shell.js'

/** The chat's English texts; every locale has their keys (and the forms chunk's, and the launcher's unread count). */
export const en = {
  /** the locale and its text direction */
  lang: 'en',
  dir: 'ltr',
  title: 'Chat with us',
  close: 'Close chat',
  end: 'End chat',
  send: 'Send',
  message: 'Message',
  placeholder: 'Type your message…',
  hello: 'Hi! How can we help?',
  waiting: 'Waiting for an agent…',
  position: ' (position {})',
  chatting: 'Chatting with {}',
  typing: '{} is typing…',
  /** the name used when the relay gives none */
  agent: 'An agent',
  joined: '{} joined the chat',
  transferred: 'Chat transferred to {}',
  requeued: 'Waiting for another agent…',
  ended: 'Chat ended',
  newChat: 'Start a new chat',
  sending: 'Sending…',
  failed: 'Not sent',
  retry: 'Retry',
  attach: 'Add image',
  image: 'Image',
  preview: 'Agents may see what you type before you send it.',
  offline: 'Reconnecting…',
  unavailable: 'No agent is available right now.',
  queue_full: 'All agents are busy. Please try later.',
  rate_limited: 'Too many messages. Please wait.',
  too_large: 'That is too large.',
  type: 'Only images can be sent.',
  no_chat: 'Say hello first: images follow.',
  oops: 'Something went wrong.',
  /** a part of the window on its way (the forms chunk) */
  loading: 'Loading…',
  // The offline form (availability mode `form`), transcript, receipts; the forms' own texts come
  // with the forms chunk (./chat/forms-strings.ts).
  leave: 'Leave us a message',
  mail_failed: 'The transcript could not be sent. Please try again later.',
  seen: 'Seen'
}

/** The shape every locale has: the chat's texts and the forms chunk's. */
export type Strings = typeof en & typeof formsEn

export { LOCALES }

/**
 * The chat's strings from a fetched locale file: only strings, only our keys (a locale file is data,
 * never markup or code); the rest stays English. With `forms` (the forms chunk's English texts) its
 * keys too; without, only the chat's own (the forms' texts are read only where the chunk draws).
 */
export const toStrings = (raw: RawStrings, forms?: typeof formsEn): Strings => {
  const t = { ...en, ...forms } as Strings
  for (const k in t) if (typeof raw[k] === 'string') t[k as keyof Strings] = raw[k] as string
  return t
}

/** `text` with its `{}` replaced by `x`. */
export const fmt = (text: string, x: string | number): string => text.replace('{}', x as string)

/** The text of key `k` when `k` is one of ours (codes and events come from the wire), else undefined. */
export const say = (t: Strings, k: string | undefined): string | undefined =>
  // size: hasOwnProperty, not Object.hasOwn (Safari 15.4+); of `t` (a copy of `en` with the locale's
  // texts), so the forms chunk that uses say() carries no copy of `en`.
  k && t.hasOwnProperty(k) ? t[k as keyof Strings] : undefined
