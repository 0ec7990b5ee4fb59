// The site's time zone for reports: the `timeZone` site setting (validated with Intl when an admin
// saves it), UTC until one is set.
import { SITE_DEFAULTS } from '../hub/hub.js'
import type { Store } from '../store/store.js'
import { isTimeZone } from './time-zone.js'

/** The site's IANA zone; UTC when unset (or no longer known to this runtime's Intl). */
export const siteTimeZone = async (store: Store): Promise<string> => {
  const zone = (await store.getSiteSettings(SITE_DEFAULTS)).timeZone
  return zone && isTimeZone(zone) ? zone : 'UTC'
}
