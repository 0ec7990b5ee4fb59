// What an admin sets for the whole site beyond looks: when customers may chat (opening hours,
// what the widget does while no one can answer), the pre-chat form, ratings and transcripts.
// The guard is shared: the relay validates the admin's PUT with it, the console its form.
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
