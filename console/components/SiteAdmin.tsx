import { useEffect, useId, useState } from 'preact/hooks'
import { isTimeZone, type SiteSettings } from '../../protocol/index.js'
import { fetchSite, saveSite } from '../api.js'
import { useFetch } from '../fetch-context.js'

/** An origin as the relay accepts it: scheme, host and optional port, nothing after. */
const ORIGIN = /^https?:\/\/[^/\s]+$/

/** The site settings: which sites may embed the widget, its title and colour, and the greeting. */
export function SiteAdmin() {
  const id = useId()
  const fetchImpl = useFetch()
  const [site, setSite] = useState<SiteSettings | null>(null)
  const [origins, setOrigins] = useState('')
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    void fetchSite(fetchImpl).then((r) => {
      if (!r.ok) return setNotice({ ok: false, text: r.message })
      setSite(r.value)
      setOrigins(r.value.allowedOrigins.join('\n'))
    })
  }, [])

  if (!site)
    return notice ? (
      <p class="form-error" role="alert">
        {notice.text}
      </p>
    ) : (
      <p class="empty">Loading site settings…</p>
    )

  const save = async (ev: Event) => {
    ev.preventDefault()
    const list = origins
      .split('\n')
      .map((o) => o.trim().replace(/\/$/, ''))
      .filter(Boolean)
    const bad = list.find((o) => !ORIGIN.test(o))
    if (bad) return setNotice({ ok: false, text: '“' + bad + '” is not an origin. Write it like https://shop.example.com (no path).' })
    if (!site.widgetTitle.trim()) return setNotice({ ok: false, text: 'The widget needs a title.' })
    if (site.timeZone !== undefined && !isTimeZone(site.timeZone.trim()))
      return setNotice({ ok: false, text: '“' + site.timeZone + '” is not a time zone. Write it like Europe/Berlin or America/New_York.' })
    setBusy(true)
    const r = await saveSite(
      { ...site, allowedOrigins: list, widgetTitle: site.widgetTitle.trim(), ...(site.timeZone !== undefined ? { timeZone: site.timeZone.trim() } : {}) },
      fetchImpl
    )
    setBusy(false)
    if (!r.ok) return setNotice({ ok: false, text: r.message })
    setSite(r.value)
    setOrigins(r.value.allowedOrigins.join('\n'))
    setNotice({ ok: true, text: 'Saved. Customers get the new settings when their widget next connects.' })
  }

  return (
    <form class="admin-section admin-form" onSubmit={save} aria-labelledby={id + 'h'} data-testid="site-admin" noValidate>
      <h2 id={id + 'h'} class="admin-heading">
        Site
      </h2>
      <div class="form-grid">
        <label for={id + 'origins'}>Allowed origins</label>
        <div>
          <textarea
            id={id + 'origins'}
            rows={4}
            aria-describedby={id + 'origins-help'}
            placeholder="https://shop.example.com"
            value={origins}
            onInput={(ev) => setOrigins(ev.currentTarget.value)}
          />
          <p id={id + 'origins-help'} class="help">
            One per line: the sites whose pages may show the widget. The relay's own pages always may.
          </p>
        </div>
        <label for={id + 'title'}>Widget title</label>
        <input id={id + 'title'} maxLength={100} value={site.widgetTitle} onInput={(ev) => setSite({ ...site, widgetTitle: ev.currentTarget.value })} />
        <label for={id + 'color'}>Widget colour</label>
        <div class="color-field">
          <input id={id + 'color'} type="color" value={site.widgetColor} onInput={(ev) => setSite({ ...site, widgetColor: ev.currentTarget.value })} />
          <code>{site.widgetColor}</code>
        </div>
        <label for={id + 'greeting'}>Greeting</label>
        <div>
          <textarea
            id={id + 'greeting'}
            rows={3}
            maxLength={1000}
            aria-describedby={id + 'greeting-help'}
            value={site.greeting}
            onInput={(ev) => setSite({ ...site, greeting: ev.currentTarget.value })}
          />
          <p id={id + 'greeting-help'} class="help">
            Shown to customers before they write. A script tag's data-* attributes win over these defaults.
          </p>
        </div>
        <label for={id + 'zone'}>Time zone</label>
        <div>
          <input
            id={id + 'zone'}
            list={id + 'zones'}
            maxLength={64}
            aria-describedby={id + 'zone-help'}
            value={site.timeZone ?? 'UTC'}
            onInput={(ev) => setSite({ ...site, timeZone: ev.currentTarget.value })}
          />
          <datalist id={id + 'zones'}>
            {Intl.supportedValuesOf('timeZone').map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <p id={id + 'zone-help'} class="help">
            Reports count days and hours in this zone, e.g. Europe/Berlin.
          </p>
        </div>
      </div>
      <p class={notice ? (notice.ok ? 'notice' : 'form-error') : 'sr-only'} role={notice && !notice.ok ? 'alert' : 'status'}>
        {notice?.text}
      </p>
      <div class="dialog-actions">
        <button type="submit" class="button primary" disabled={busy}>
          Save site settings
        </button>
      </div>
    </form>
  )
}
