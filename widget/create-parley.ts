// `createParley(options)`: the loader, what every page view runs. It keeps the relay's socket (so
// it knows whether anyone is online), draws the launcher with plain DOM once the relay has
// answered, and answers the API. The chat (Preact, state, store, window: widget/chat/) is fetched
// on the first open(), when the visitor shows intent (pointer, focus or touch on the launcher), or
// at idle time when a chat is in progress; it then takes over the socket and the API forwards to
// it. Calls that need the chat wait for it. Nothing here throws into the host page.
import { PROTOCOL_VERSION, randomId, type RelayToCustomer, type SiteInfo } from '../protocol/index.js'
import type { Parley, ParleyEvents, WidgetOptions } from './api.js'
import { importChat } from './assets.js'
import { createEmitter } from './emitter.js'
import { createLauncher, LAUNCHER_EN } from './launcher.js'
import { fetchStrings, pickLocale } from './locale.js'
import { mount, type Mount } from './mount.js'
import { DB_NAME } from './session-store-name.js'
import type { Chat, ChatModule, Face, RawStrings } from './shell.js'
import { createTransport, socketUrl, type Transport, type TransportHandlers } from './transport.js'

/** Tries to fetch the chat before one failure is reported (then the launcher tries again on the next press). */
export const CHAT_TRIES = 3

// The chat's module once fetched: a widget made again on the same page starts it at once.
let fetched: ChatModule | undefined

/** Fetches the chat before anyone asks for it (tests, and pages that know the visitor will chat); widgets made afterwards start it without waiting. */
export const prefetchChat = async (): Promise<void> => {
  fetched ||= await importChat(0)
}

/** Starts a widget: connects to the relay, shows the launcher once it has answered, and returns the API. */
export const createParley = (o: WidgetOptions): Parley => {
  // A trailing slash would make every URL `//…`.
  const relay = o.relay.replace(/\/+$/, '')
  const events = createEmitter<ParleyEvents>()
  let face: Face = { ready: false, available: false, may: false, open: false, unread: 0, off: false }
  let site: SiteInfo = {}
  let t: RawStrings | undefined
  let token = randomId(24)
  // A session may be stored: the chat comes at idle time, reads it, and connects.
  let stored = false
  let booted = false
  let dead = false
  let chat: Chat | undefined
  // Set while the visitor asked for the window and the chat is on its way (what focus returns to, or true).
  let want: Element | true | undefined
  let loading = false
  // The chat was asked for (it starts once fetched, the store read and the launcher's strings known).
  let asked = false
  let attempt = 0
  let ui: Mount | undefined
  // The colour the launcher has ('' before the first draw, which always tints: the default colour
  // when neither the tag nor the site sets one, so the stylesheets need no fallback).
  let tinted: string | undefined = ''
  // Calls that need the chat, made before it runs.
  const later: [keyof Chat, unknown[]][] = []
  // Without a launcher of its own (data-launcher="false") the widget still shows one while the chat is on its way.
  const own = String(o.launcher) !== 'false'
  const launcher = createLauncher(
    () => api.toggle(),
    () => load()
  )

  // The socket: the loader's own handling until the chat takes it over with handlers of its own.
  let sock: Transport | undefined
  let sentToken: string | undefined
  let since: RelayToCustomer[] = []
  // What the loader knows of the relay before the chat runs: an agent online, a chat in progress.
  let available = false
  // size: `ready` starts as 1 and becomes undefined, the event's payload.
  let ready: 1 | undefined = 1
  let busy = false
  // The frames since the last welcome, for the chat to start from; dropped when there are too many
  // (an agent going on and off all day), and then the chat gets a socket of its own.
  let stale = false
  // The chat's handlers, once it has taken the socket over.
  let target: TransportHandlers | undefined
  const forward: TransportHandlers = {
    hello() {
      // The visitor's details come with the chat's `start` (the relay keeps the hello's only for that).
      const h = target?.hello() ?? { type: 'hello', v: PROTOCOL_VERSION, token }
      sentToken = h.token
      return h
    },
    frame(f) {
      const { type } = f
      const was = available
      // size: the frames that say whether an agent is online (welcome, availability) are those with `available`.
      if ('available' in f) available = f.available
      if (type === 'welcome') stale = !(since = [])
      // Until the chat runs, what it must start from: the welcome and what followed.
      if (!chat && since.push(f) > 100) stale = !(since = [])
      // The welcome's site settings, and the admin's changes since (a `site` frame).
      if ('site' in f) site = f.site!
      if (target) target.frame(f)
      else {
        // size: every frame with a chat (welcome, started, chat) says whether one is in progress.
        if ('chat' in f) busy = !!f.chat && f.chat.status !== 'ended'
        // The script tag's mode, else the site's: `disabled` and `form` open the window while no one can answer.
        // size: compared as strings, `disabled` < e < `form` < h < `hide` (undefined is never less).
        const m = (o.availability || site.offline)!
        const may = available || busy
        show({ ...face, ready: true, available, may: may || m < 'h', off: !may && m < 'e' })
      }
      // `ready` and `availability` are told here, before and after the chat takes over.
      if (type === 'welcome' && ready) events.emit('ready', (ready = undefined))
      if (available !== was) events.emit('availability', available)
    },
    down(code) {
      since = []
      target?.down(code)
      // Refused for good because of where the page is: the site owner must hear why, once.
      if (code === 4003) console.warn(`Parley: add ${location.origin} to PARLEY_ALLOWED_ORIGINS or the console's site settings`)
    }
  }
  const connect = () => {
    sock?.close()
    sock = (o.transport ?? createTransport(socketUrl(relay)))(forward)
  }

  const title = () => o.title || (site.title !== LAUNCHER_EN.title && site.title) || (t!.title as string)

  // Draws the launcher (spinning while the chat is on its way to an open window).
  const draw = () => {
    // size: no look for <body>: the widget starts after the page's load event.
    if (dead || !t) return
    ui ||= mount(o)
    const color = o.color || site.color
    if (color !== tinted) ui.tint((tinted = color))
    const w = ui.root
    w.className = 'w ' + (o.theme || 'auto') + (o.position === 'left' ? ' left' : '') + (face.open ? ' o' : '')
    w.dir = (t.dir as string) || 'ltr'
    w.lang = (t.lang as string) || 'en'
    const busy = !!want && !chat
    launcher.draw(face, title(), t, busy)
    if (busy || (own && (face.may || face.open))) w.append(launcher.el)
    else launcher.el.remove()
    start()
  }
  const show = (f: Face) => {
    face = f
    draw()
  }

  // Fetches the chat (again after a failure, past the browser's memory of it) and starts it.
  const load = async () => {
    asked = true
    if (chat || loading || dead) return
    loading = true
    try {
      // Synchronous when the chat is here already (no await then): open() opens at once.
      fetched ||= await importChat(attempt++)
    } catch {
      if (attempt % CHAT_TRIES) setTimeout(load, 500 * attempt)
      else {
        // Given up for now: the launcher stays and tries again when pressed.
        want = undefined
        draw()
        events.emit('error', { code: 'internal', message: 'Chat not loaded' })
      }
    }
    loading = false
    start()
  }

  // The chat takes over: the socket (frames since the last welcome replayed first), the window and the waiting calls.
  const start = () => {
    if (chat || dead || !booted || !fetched || !asked || !ui) return
    // The chat draws the launcher as it starts (and draw() starts the chat): once is enough.
    asked = false
    let adopted = false
    const opening = want
    want = undefined
    chat = fetched.startChat({
      o,
      relay,
      events,
      token,
      stored,
      host: ui.host,
      root: ui.root,
      fab: own ? launcher.el : null,
      strings: t!,
      title,
      id: randomId,
      css: ui.css,
      face: show,
      transport(h) {
        target = h
        // No socket yet, a second one of the chat (after reset), or a token that is not the one the
        // socket said hello with: a new socket.
        if (!sock || adopted || stale || (sentToken && h.hello().token !== sentToken)) connect()
        else for (const f of since) h.frame(f)
        adopted = true
        return { send: (m) => !!sock?.send(m), close() {} }
      }
    })
    since = []
    for (const [m, a] of later.splice(0)) safe(chat[m] as (...x: unknown[]) => void)(...a)
    if (opening) chat.open(opening === true ? null : opening)
  }

  // The locale asked for; its strings are fetched once the widget is up (`lang` is set then).
  let wanted = o.locale
  let lang: string | undefined
  const strings = async () => {
    const l = (lang = pickLocale(wanted))
    const raw = await fetchStrings(relay, l)
    if (l === lang) {
      // The launcher's English texts where the locale has none (the chat knows them anyway).
      t = { ...LAUNCHER_EN, ...raw }
      draw()
      chat?.strings(t)
    }
  }
  const setLocale = (w?: string) => {
    wanted = w
    if (lang) strings()
  }

  // Any element of the page with `data-parley-open` opens the chat.
  const click = (e: Event) => {
    const el = (e.target as Element).closest?.('[data-parley-open]')
    if (el) open(el)
  }
  const doc = document
  doc.addEventListener('click', click)

  // Another tab started a chat: this one joins it (the chat reads the token the other tab stored).
  const tabs = self.BroadcastChannel && new BroadcastChannel('parley')
  if (tabs)
    tabs.onmessage = ({ data }) => {
      if (data?.token && !chat) {
        token = data.token
        stored = true
        load()
      }
    }

  // The page comes first: the widget starts once the page has loaded and painted (the `load`
  // event, then the frame after it; a hidden tab paints nothing, so a timer there), and no work,
  // socket or file of ours stands between the visitor and the page's own first paints.
  // A visitor with a stored session gets the chat at idle time (it reads the session and
  // connects); anyone else gets the loader's socket with a fresh token. Reading never creates the
  // database (where the browser cannot tell, the chat's store looks).
  const up = () =>
    (doc.hidden ? setTimeout : requestAnimationFrame)(() =>
      setTimeout(async () => {
        // size: after destroy() this draws nothing (draw looks) and connects nothing (below).
        strings()
        let session = false
        try {
          session = o.store ? !!(await o.store.load()).t : ((await indexedDB.databases?.())?.some((d) => d.name === DB_NAME) ?? true)
        } catch {}
        if (dead) return
        booted = true
        if ((stored = session)) ((self as any).requestIdleCallback || setTimeout)(load)
        else connect()
        // Calls made meanwhile that fetched the chat.
        start()
      })
    )
  // size: a destroyed widget's listener stays, and does nothing.
  if (doc.readyState === 'complete') up()
  else addEventListener('load', up)

  const open = (from?: Element | null) => {
    if (chat) return chat.open(from)
    if (!face.may) return false
    want = from || true
    draw()
    load()
    return true
  }
  // Calls that need the chat: made now when it runs, else when it does (fetched at once when `fetch`).
  const needs =
    <K extends keyof Chat>(m: K, fetch?: boolean) =>
    (...a: unknown[]) => {
      if (chat) return (chat[m] as (...x: unknown[]) => unknown)(...a)
      later.push([m, a])
      if (fetch) load()
    }

  // Every method is wrapped: a bad argument from the page becomes a console error, never a throw;
  // after destroy() they do nothing.
  const safe =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R | undefined => {
      try {
        if (!dead) return f(...args)
      } catch (err) {
        console.error(err)
      }
    }

  const api: Parley = {
    open: () => !!safe(open)(),
    close: safe(() => {
      if (chat) chat.close()
      else if (want) {
        want = undefined
        draw()
      }
    }),
    toggle: () => !!safe(() => (chat ? chat.toggle() : want ? (api.close(), false) : open()))(),
    isOpen: () => face.open,
    isAvailable: () => face.available,
    unreadCount: () => face.unread,
    on: events.on,
    off: events.off,
    identify: safe(needs('identify')),
    // size: the chat checks them against the relay's limits (an `error` event then), not the loader.
    setAttributes: safe(needs('setAttributes')),
    setLocale: safe(setLocale),
    reset: safe(needs('reset', true)),
    destroy: safe(() => {
      chat?.destroy()
      dead = true
      sock?.close()
      tabs?.close()
      doc.removeEventListener('click', click)
      ui?.host.remove()
    })
  } as Parley
  return api
}
