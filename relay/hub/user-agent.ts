// Browser and OS names from a User-Agent header (bowser), cached: the same few agents repeat.
import Bowser from 'bowser'

const cache = new Map<string, { browser?: string; os?: string }>()

/** E.g. `{ browser: 'Chrome 126', os: 'macOS 10.15.7' }`; fields are absent when unknown. */
export const describeUserAgent = (ua: string | undefined): { browser?: string; os?: string } => {
  if (!ua) return {}
  const hit = cache.get(ua)
  if (hit) return hit
  const p = Bowser.parse(ua)
  const major = (v?: string) => v?.split('.')[0]
  const out: { browser?: string; os?: string } = {}
  if (p.browser.name) out.browser = [p.browser.name, major(p.browser.version)].filter(Boolean).join(' ')
  if (p.os.name) out.os = [p.os.name, p.os.versionName ?? p.os.version].filter(Boolean).join(' ')
  if (cache.size > 1000) cache.clear()
  cache.set(ua, out)
  return out
}
