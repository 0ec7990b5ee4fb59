// The offline form: what a visitor sends with `POST /api/offline-message` while no one can chat
// (the site's offline mode is `form`). It becomes a ticket. Shared by the widget (to check before
// sending, so nothing the visitor typed is lost to a refusal) and the relay (the boundary).
import { bad, compact, obj, optStr, run, str, type Parsed } from './check.js'
import { isEmail } from './email.js'
import { PRE_CHAT_LIMITS } from './site.js'

/** The form's body (JSON). */
export interface OfflineMessage {
  name: string
  email: string
  message: string
  /** an optional image, base64 (no `data:` prefix); the relay checks its bytes like an upload's */
  image?: string
  /** the honeypot: a field people never see, so never fill in; anything in it marks a bot */
  website?: string
}

/** `POST /api/offline-message`'s answer (also to a bot, so it cannot tell). */
export interface OfflineReceipt {
  received: true
}

/**
 * Validates the form; throws `{ reason }` naming the field (use with `run`). `maxTextChars` is the
 * relay's message limit; `maxImageChars` bounds the base64 of the image.
 */
export const readOfflineMessage = (v: unknown, maxTextChars: number, maxImageChars: number): OfflineMessage => {
  const o = obj(v, 'body')
  const name = str(o.name, 'name', PRE_CHAT_LIMITS.nameChars).trim()
  if (!name) bad('name: please tell us your name')
  const email = str(o.email, 'email', 320).trim()
  if (!isEmail(email)) bad('email: please give an email address such as name@example.com, so we can answer')
  const message = str(o.message, 'message', maxTextChars).trim()
  if (!message) bad('message: please write your message')
  const image = optStr(o.image, 'image', maxImageChars)
  if (image !== undefined && !/^[A-Za-z0-9+/]+={0,2}$/.test(image)) bad('image must be base64')
  return compact({ name, email, message, image: image || undefined, website: optStr(o.website, 'website', 2048) })
}

/** `readOfflineMessage` as a result: `{ ok, value }` or `{ ok: false, error }` naming the field. */
export const parseOfflineMessage = (input: unknown, maxTextChars: number, maxImageChars: number): Parsed<OfflineMessage> =>
  run(input, (v) => readOfflineMessage(v, maxTextChars, maxImageChars))
