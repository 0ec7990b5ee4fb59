// Where the customer is on the site: technical details for hello, and the pages of a single-page
// app, which navigates with history.pushState/replaceState and popstate instead of loading pages.
import type { VisitorInfo } from '../protocol/index.js'

/** Characters kept of a url or title: the relay refuses longer ones (WIRE.shortChars; a test keeps them equal). */
export const SHORT_CHARS = 2048

// size: a literal, not WIRE.shortChars, which would bring the whole WIRE object into the bundle.
const cut = (s: string, max = SHORT_CHARS) => s.slice(0, max)

/** The page the customer is on: url and title, cut to the wire limit. */
export const here = () => ({ url: cut(location.href), title: cut(document.title) })

let zone: string | undefined

/**
 * The visitor's IANA time zone (a location hint for agents), worked out once. Not at page load:
 * the first Intl.DateTimeFormat costs a page 20–40 ms of main thread, so the widget asks only when
 * the customer opens the chat window.
 */
export const timeZone = (): string | undefined => {
  try {
    zone ??= cut(Intl.DateTimeFormat().resolvedOptions().timeZone, 64)
  } catch {}
  return zone
}

/** The current page and browser as VisitorInfo (with the time zone once timeZone() has run). */
export const visitorInfo = (): VisitorInfo => {
  const v: VisitorInfo = { ...here(), lang: cut(navigator.language, 64), screen: screen.width + 'x' + screen.height }
  if (document.referrer) v.referrer = cut(document.referrer)
  if (zone) v.tz = zone
  return v
}

/**
 * Calls `moved` after every history navigation of the page (a task later, so a single-page app
 * has set the new title). Returns the undo: our wrappers come off unless someone wrapped them
 * since, in which case they just stop calling.
 */
export const watchPages = (moved: () => void): (() => void) => {
  const h = history
  const { pushState, replaceState } = h
  let on = true
  const wrap = (f: typeof pushState): typeof pushState =>
    function (this: History, ...args) {
      f.apply(this, args)
      if (on) setTimeout(moved)
    }
  const push = (h.pushState = wrap(pushState))
  const replace = (h.replaceState = wrap(replaceState))
  addEventListener('popstate', moved)
  return () => {
    on = false
    if (h.pushState === push) h.pushState = pushState
    if (h.replaceState === replace) h.replaceState = replaceState
    removeEventListener('popstate', moved)
  }
}
