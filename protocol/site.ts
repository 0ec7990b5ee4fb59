// What an admin sets for the whole site beyond looks: when customers may chat (opening hours,
// what the widget does while no one can answer), the pre-chat form, ratings and transcripts.
// The guard is shared: the relay validates the admin's PUT with it, the console its form.
// Also the offline form's body, which only exists when the offline mode is `form`.
import type { SiteSettings } from './api.js'
import { isTimeZone, readBusinessHours } from './business-hours.js'
import { bad, bool, compact, list, obj, oneOf, optStr, run, str, type Parsed } from './check.js'
import { isEmail } from './email.js'

/** What the widget does while no one can answer: hide the launcher, show it disabled, or offer the offline form. */
export type OfflineMode = 'hide' | 'disabled' | 'form'

/** Every offline mode. */
export const OFFLINE_MODES: readonly OfflineMode[] = ['hide', 'disabled', 'form']

/** Whether a pre-chat field is asked for, and whether it must be filled in. */
export type FieldRule = 'off' | 'optional' | 'required'

/** Every field rule. */
export const FIELD_RULES: readonly FieldRule[] = ['off', 'optional', 'required']

/** The pre-chat form: which fields the visitor fills in before their first message. */
export interface PreChatSettings {
  name: FieldRule
  email: FieldRule
  /** a topic chosen from `topics` (needs at least one topic unless off) */
  topic: FieldRule
  topics: string[]
}

/** No pre-chat form (the default). */
export const PRE_CHAT_OFF: PreChatSettings = { name: 'off', email: 'off', topic: 'off', topics: [] }

/** Bounds of the pre-chat form: topics in the list, characters in a topic, in a name. */
export const PRE_CHAT_LIMITS = { topics: 20, topicChars: 80, nameChars: 200 } as const

/** What a visitor filled into the pre-chat form (sent with `start`). */
export interface PreChatValues {
  name?: string
  email?: string
  topic?: string
}

/** Whether any pre-chat field is asked for. */
export const hasPreChat = (p: PreChatSettings): boolean => p.name !== 'off' || p.email !== 'off' || p.topic !== 'off'

/** Validates pre-chat settings; throws `{ reason }` (use with `run`). */
export const readPreChatSettings = (v: unknown, what = 'preChat'): PreChatSettings => {
  const o = obj(v, what)
  const topics = list(o.topics, what + '.topics', PRE_CHAT_LIMITS.topics, (t, w) => str(t, w, PRE_CHAT_LIMITS.topicChars, 1).trim())
  if (topics.some((t) => t === '')) bad(what + '.topics must not contain blank topics')
  if (new Set(topics).size !== topics.length) bad(what + '.topics must not repeat a topic')
  const topic = oneOf(o.topic, what + '.topic', FIELD_RULES)
  if (topic !== 'off' && !topics.length) bad(what + '.topics must list at least one topic when the topic is asked for')
  return { name: oneOf(o.name, what + '.name', FIELD_RULES), email: oneOf(o.email, what + '.email', FIELD_RULES), topic, topics }
}

/** Validates what a visitor filled in (shape only; the relay checks it against the site's settings). */
export const readPreChatValues = (v: unknown, what = 'preChat'): PreChatValues => {
  const o = obj(v, what)
  const email = optStr(o.email, what + '.email', 320)?.trim()
  if (email && !isEmail(email)) bad(what + '.email must be an email address such as name@example.com')
  return compact({
    name: optStr(o.name, what + '.name', PRE_CHAT_LIMITS.nameChars)?.trim() || undefined,
    email: email || undefined,
    topic: optStr(o.topic, what + '.topic', PRE_CHAT_LIMITS.topicChars)?.trim() || undefined
  })
}

/** Allowed origins at most, and characters in one. */
const ORIGINS = { max: 50, chars: 300 } as const

/**
 * Validates site settings from an admin's PUT (or the relay's GET answer); throws `{ reason }`.
 * The fields added after the first version are optional: an older console that omits them keeps
 * what is stored. Origins are checked for shape here and for meaning by the relay.
 */
export const readSiteSettings = (v: unknown): SiteSettings => {
  const o = obj(v, 'site')
  const color = str(o.widgetColor, 'widgetColor', 7)
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) bad('widgetColor must be a colour such as #0b5fff')
  const timeZone = optStr(o.timeZone, 'timeZone', 64)
  if (timeZone !== undefined && !isTimeZone(timeZone)) bad(`timeZone "${timeZone}" is not a time zone; write it like Europe/Berlin or America/New_York`)
  return compact({
    allowedOrigins: list(o.allowedOrigins, 'allowedOrigins', ORIGINS.max, (x, w) => str(x, w, ORIGINS.chars, 1)),
    widgetTitle: str(o.widgetTitle, 'widgetTitle', 100, 1),
    widgetColor: color,
    greeting: str(o.greeting, 'greeting', 1000),
    timeZone,
    offlineMode: o.offlineMode === undefined ? undefined : oneOf(o.offlineMode, 'offlineMode', OFFLINE_MODES),
    businessHours: o.businessHours === undefined ? undefined : readBusinessHours(o.businessHours),
    preChat: o.preChat === undefined ? undefined : readPreChatSettings(o.preChat),
    ratings: o.ratings === undefined ? undefined : bool(o.ratings, 'ratings'),
    transcripts: o.transcripts === undefined ? undefined : bool(o.transcripts, 'transcripts')
  })
}

/** `readSiteSettings` as a result: `{ ok, value }` or `{ ok: false, error }` naming the field. */
export const parseSiteSettings = (input: unknown): Parsed<SiteSettings> => run(input, readSiteSettings)

// ---- the offline form: `POST /api/offline-message` while no one can chat (offline mode `form`). It
// becomes a ticket. Shared by the widget (to check before sending, so nothing the visitor typed is
// lost to a refusal) and the relay (the boundary).
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
