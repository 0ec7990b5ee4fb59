// Technical details about the page, sent in hello so agents know where the customer is.
import { WIRE, type VisitorInfo } from '../protocol/index.js'

/** The current page as VisitorInfo, each field cut to the wire limit (the relay refuses longer ones). */
export const visitorInfo = (): VisitorInfo => {
  const v: VisitorInfo = {
    url: location.href.slice(0, WIRE.shortChars),
    title: document.title.slice(0, WIRE.shortChars),
    lang: navigator.language.slice(0, 64),
    screen: screen.width + 'x' + screen.height
  }
  if (document.referrer) v.referrer = document.referrer.slice(0, WIRE.shortChars)
  try {
    v.tz = Intl.DateTimeFormat().resolvedOptions().timeZone.slice(0, 64)
  } catch {}
  return v
}
