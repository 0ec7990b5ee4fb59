// The site's time zone for reports: the one set with the business hours (site settings), UTC
// while none is set.
import { SITE_DEFAULTS } from '../hub/hub.js'
import type { SiteSettings } from '../../protocol/index.js'
import type { Store } from '../store/store.js'
import { isTimeZone } from './time-zone.js'

/** The site's IANA zone: `timeZone` or `businessHours.timeZone` of the site settings; UTC when unset or unknown. */
export const siteTimeZone = async (store: Store): Promise<string> => {
  // Asking with these keys returns them when stored, whether or not SITE_DEFAULTS knows them yet.
  const site = (await store.getSiteSettings({ ...SITE_DEFAULTS, timeZone: '', businessHours: null } as unknown as SiteSettings)) as unknown as {
    timeZone?: string
    businessHours?: { timeZone?: string } | null
  }
  const zone = site.timeZone || site.businessHours?.timeZone
  return zone && isTimeZone(zone) ? zone : 'UTC'
}
