// The site settings form's checks, run before anything is sent: each problem in the admin's words
// (the relay checks the same again and its message is shown when it refuses).
import { ALWAYS_OPEN, isTimeZone, PRE_CHAT_LIMITS, PRE_CHAT_OFF, type PreChatSettings, type SiteSettings } from '../protocol/index.js'
import { hoursProblem } from './business-hours-form.js'

/** The site settings as the form holds them: every option present (the relay's may be missing from an older store). */
export type SiteForm = SiteSettings & Required<Pick<SiteSettings, 'offlineMode' | 'businessHours' | 'preChat' | 'ratings' | 'transcripts'>>

/** The form for `site`: each option the relay left out at its default (hide, always open, no pre-chat form, no ratings or transcripts). */
export const siteForm = (site: SiteSettings): SiteForm => ({
  ...site,
  offlineMode: site.offlineMode ?? 'hide',
  businessHours: site.businessHours ?? { ...ALWAYS_OPEN, timeZone: site.timeZone ?? ALWAYS_OPEN.timeZone },
  preChat: site.preChat ?? PRE_CHAT_OFF,
  ratings: site.ratings ?? false,
  transcripts: site.transcripts ?? false
})

/** An origin as the relay accepts it: scheme, host and optional port, nothing after. */
const ORIGIN = /^https?:\/\/[^/\s]+$/

/** What is wrong with the pre-chat fields, or undefined. */
export const preChatProblem = (p: PreChatSettings): string | undefined => {
  if (p.topic === 'off') return undefined
  const topics = p.topics.map((t) => t.trim())
  if (topics.length === 0) return 'Add at least one topic for customers to choose from, or stop asking for a topic.'
  if (topics.length > PRE_CHAT_LIMITS.topics) return 'There can be at most ' + PRE_CHAT_LIMITS.topics + ' topics.'
  const empty = topics.indexOf('')
  if (empty >= 0) return 'Topic ' + (empty + 1) + ' is empty: write it or remove it.'
  const long = topics.find((t) => t.length > PRE_CHAT_LIMITS.topicChars)
  if (long) return '“' + long + '” is longer than ' + PRE_CHAT_LIMITS.topicChars + ' characters.'
  const seen = new Set<string>()
  for (const t of topics) {
    if (seen.has(t.toLowerCase())) return '“' + t + '” is in the topic list twice.'
    seen.add(t.toLowerCase())
  }
  return undefined
}

/** The form's result: the settings to send, or the first problem to show. */
export type SiteCheck = { ok: true; site: SiteForm } | { ok: false; message: string }

/** Checks and tidies the form: origins one per line (a trailing slash dropped), trimmed texts and topics. */
export const checkSite = (site: SiteForm, originsText: string): SiteCheck => {
  const allowedOrigins = originsText
    .split('\n')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean)
  const bad = allowedOrigins.find((o) => !ORIGIN.test(o))
  if (bad) return { ok: false, message: '“' + bad + '” is not an origin. Write it like https://shop.example.com (no path).' }
  if (!site.widgetTitle.trim()) return { ok: false, message: 'The widget needs a title.' }
  const timeZone = site.timeZone?.trim()
  if (timeZone !== undefined && !isTimeZone(timeZone))
    return { ok: false, message: '“' + site.timeZone + '” is not a time zone. Write it like Europe/Berlin or America/New_York.' }
  const hours = hoursProblem(site.businessHours)
  if (hours) return { ok: false, message: 'Business hours: ' + hours }
  const preChat = preChatProblem(site.preChat)
  if (preChat) return { ok: false, message: 'Pre-chat form: ' + preChat }
  return {
    ok: true,
    site: {
      ...site,
      allowedOrigins,
      widgetTitle: site.widgetTitle.trim(),
      ...(timeZone !== undefined ? { timeZone } : {}),
      // Topics kept while the topic is not asked lose their blanks; asked, they were checked above.
      preChat: { ...site.preChat, topics: site.preChat.topics.map((t) => t.trim()).filter(Boolean) }
    }
  }
}
