// The site settings the hub works with, kept in memory: business hours decide whether customers
// can start a chat, the pre-chat form what `start` must carry, and SiteInfo what every widget is
// told. Business hours flip by themselves: one timer to the next opening or closing minute
// (protocol's nextChangeAt), never a poll. A save on any relay node is announced on the bus
// (`site` on the customers' topic); every node reloads from the store, so all agree.
import { ALWAYS_OPEN, hasPreChat, isOpenAt, nextChangeAt, PRE_CHAT_OFF, type SiteInfo, type SiteSettings } from '../../protocol/index.js'
import type { HubContext } from './context.js'
import { topics } from './events.js'

/** Site settings before an admin changes them: every issue-12 feature off, always open. */
export const SITE_DEFAULTS: Required<SiteSettings> = {
  allowedOrigins: [],
  widgetTitle: 'Chat with us',
  widgetColor: '#0b5fff',
  greeting: '',
  timeZone: 'UTC',
  offlineMode: 'hide',
  businessHours: ALWAYS_OPEN,
  preChat: PRE_CHAT_OFF,
  ratings: false,
  transcripts: false
}

/** What changed: the settings (SiteInfo), and/or whether the site is within its hours. */
export type SiteChange = { settings: boolean; hours: boolean }

/** What a widget is told about the site: only what differs from its own defaults. */
export const siteInfo = (s: Required<SiteSettings>, open: boolean, canMail: boolean): SiteInfo => ({
  // Only what an admin changed: the widget's own (localised) defaults stand otherwise.
  ...(s.widgetTitle !== SITE_DEFAULTS.widgetTitle ? { title: s.widgetTitle } : {}),
  ...(s.widgetColor !== SITE_DEFAULTS.widgetColor ? { color: s.widgetColor } : {}),
  ...(s.greeting ? { greeting: s.greeting } : {}),
  ...(s.offlineMode !== 'hide' ? { offline: s.offlineMode } : {}),
  ...(hasPreChat(s.preChat) ? { preChat: s.preChat } : {}),
  ...(s.ratings ? { ratings: true } : {}),
  ...(s.transcripts ? { transcript: { email: canMail } } : {}),
  ...(open ? {} : { outsideHours: true })
})

export type SiteState = ReturnType<typeof createSiteState>

/** Creates the site state; `load()` before use, `close()` to stop its timer. */
export const createSiteState = (ctx: HubContext) => {
  const { store, now, onError, bus } = ctx
  const canMail = !!(ctx.config.smtpUrl && ctx.config.mailFrom)
  let settings: Required<SiteSettings> = SITE_DEFAULTS
  let open = true
  let timer: NodeJS.Timeout | undefined
  let closed = false
  const listeners = new Set<(change: SiteChange) => void>()
  const emit = (change: SiteChange) => {
    for (const l of listeners) l(change)
  }

  /** Sets the timer to the next opening or closing; re-checks at least daily (a long closure). */
  const arm = () => {
    clearTimeout(timer)
    timer = undefined
    if (closed || !settings.businessHours.enabled) return
    const at = now()
    const next = nextChangeAt(settings.businessHours, at, 86_400_000) ?? at + 86_400_000
    timer = setTimeout(tick, Math.max(0, next - at))
    timer.unref?.()
  }
  function tick() {
    const was = open
    open = isOpenAt(settings.businessHours, now())
    if (open !== was) emit({ settings: false, hours: true })
    arm()
  }

  const reload = async () => {
    settings = (await store.getSiteSettings(SITE_DEFAULTS)) as Required<SiteSettings>
    const was = open
    open = isOpenAt(settings.businessHours, now())
    arm()
    return open !== was
  }

  /** Reloads and tells the listeners what changed (nothing when a save was already applied here). */
  const refresh = async () => {
    const before = JSON.stringify(siteInfo(settings, open, canMail))
    const hours = await reload()
    const changed = JSON.stringify(siteInfo(settings, open, canMail)) !== before
    if (changed || hours) emit({ settings: changed, hours })
  }

  const unsubscribe = bus.subscribe(topics.customers, (e) => {
    if (e.kind === 'site') refresh().catch(onError)
  })

  return {
    /** Reads the settings and sets the hours timer. */
    load: async () => {
      await reload()
    },
    /** The settings, every field filled in. */
    settings: () => settings,
    /** Whether the site is within its business hours now (always, while they are off). */
    isOpen: () => open,
    /** What widgets are told about the site now. */
    info: (): SiteInfo => siteInfo(settings, open, canMail),
    /** Whether transcripts can be mailed (PARLEY_SMTP_URL and PARLEY_MAIL_FROM set). */
    canMail,
    /** Saves new settings and announces them to every node (each reloads and tells its sockets). */
    async save(next: SiteSettings) {
      await store.saveSiteSettings(next)
      await refresh()
      await ctx.publish(topics.customers, { kind: 'site' })
    },
    /** Calls `listener` on every change (settings saved anywhere, hours flipped); returns the unsubscribe. */
    onChange(listener: (change: SiteChange) => void) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    close() {
      closed = true
      clearTimeout(timer)
      unsubscribe()
    }
  }
}
