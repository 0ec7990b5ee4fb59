import { useEffect, useId, useMemo, useState } from 'preact/hooks'
import { fetchSite, saveSite } from '../api.js'
import { useFetch } from '../fetch-context.js'
import { checkSite, siteForm, type SiteForm } from '../site-form.js'
import { useNow } from '../use-now.js'
import { AdminNotice, type Notice } from './AdminNotice.js'
import { BusinessHoursEditor } from './BusinessHoursEditor.js'
import { EndOfChatOptions } from './EndOfChatOptions.js'
import { OfflineModeField } from './OfflineModeField.js'
import { PreChatEditor } from './PreChatEditor.js'
import { TextareaField } from './TextareaField.js'

/**
 * The site settings: which sites may embed the widget, its title, colour and greeting, the time
 * zone; what customers get while nobody is online, business hours, the pre-chat form, and what
 * is offered when a chat ends. One Save sends them all; every widget gets them live.
 */
export function SiteAdmin() {
  const id = useId()
  const fetchImpl = useFetch()
  const now = useNow(30_000)
  const [site, setSite] = useState<SiteForm | null>(null)
  const [mail, setMail] = useState<boolean | undefined>(undefined)
  const [origins, setOrigins] = useState('')
  const [notice, setNotice] = useState<Notice | null>(null)
  const [busy, setBusy] = useState(false)
  const zoneList = useMemo(() => Intl.supportedValuesOf('timeZone').map((z) => <option key={z} value={z} />), [])

  useEffect(() => {
    void fetchSite(fetchImpl).then((r) => {
      if (!r.ok) return setNotice({ ok: false, text: r.message })
      setSite(siteForm(r.value.site))
      setMail(r.value.mail)
      setOrigins(r.value.site.allowedOrigins.join('\n'))
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

  const change = (patch: Partial<SiteForm>) => {
    setSite({ ...site, ...patch })
    // A notice about the last save no longer describes the form.
    if (notice?.ok) setNotice(null)
  }

  const save = async (ev: Event) => {
    ev.preventDefault()
    const checked = checkSite(site, origins)
    if (!checked.ok) return setNotice({ ok: false, text: checked.message })
    setBusy(true)
    const r = await saveSite(checked.site, fetchImpl)
    setBusy(false)
    if (!r.ok) return setNotice({ ok: false, text: r.message })
    setSite(siteForm(r.value.site))
    setMail(r.value.mail)
    setOrigins(r.value.site.allowedOrigins.join('\n'))
    setNotice({ ok: true, text: 'Saved. Every open widget gets the new settings now.' })
  }

  return (
    <form class="admin-section admin-form site-form" onSubmit={save} aria-labelledby={id + 'h'} data-testid="site-admin" noValidate>
      <h2 id={id + 'h'} class="admin-heading">
        Site
      </h2>
      <fieldset class="fieldset">
        <legend>Widget</legend>
        <div class="form-grid">
          <TextareaField
            id={id + 'origins'}
            label="Allowed origins"
            help="One per line: the sites whose pages may show the widget. The relay's own pages always may."
            rows={4}
            placeholder="https://shop.example.com"
            value={origins}
            onInput={setOrigins}
          />
          <label for={id + 'title'}>Widget title</label>
          <input id={id + 'title'} maxLength={100} value={site.widgetTitle} onInput={(ev) => change({ widgetTitle: ev.currentTarget.value })} />
          <label for={id + 'color'}>Widget colour</label>
          <div class="color-field">
            <input id={id + 'color'} type="color" value={site.widgetColor} onInput={(ev) => change({ widgetColor: ev.currentTarget.value })} />
            <code>{site.widgetColor}</code>
          </div>
          <TextareaField
            id={id + 'greeting'}
            label="Greeting"
            help="Shown to customers before they write. A script tag's data-* attributes win over these defaults."
            rows={3}
            maxLength={1000}
            value={site.greeting}
            onInput={(greeting) => change({ greeting })}
          />
          <label for={id + 'zone'}>Time zone</label>
          <div>
            <input
              id={id + 'zone'}
              list={id + 'zones'}
              maxLength={64}
              aria-describedby={id + 'zone-help'}
              value={site.timeZone ?? 'UTC'}
              onInput={(ev) => change({ timeZone: ev.currentTarget.value })}
            />
            <datalist id={id + 'zones'}>{zoneList}</datalist>
            <p id={id + 'zone-help'} class="help">
              Reports count days and hours in this zone, e.g. Europe/Berlin.
            </p>
          </div>
        </div>
      </fieldset>
      <OfflineModeField mode={site.offlineMode} onChange={(offlineMode) => change({ offlineMode })} />
      <BusinessHoursEditor
        hours={site.businessHours}
        now={now}
        onChange={(hours) => {
          const fresh = hours.enabled && !site.businessHours.enabled && site.businessHours.week.length === 0
          // Turned on for the first time, the hours start in the site's own zone.
          change({ businessHours: fresh ? { ...hours, timeZone: site.timeZone ?? hours.timeZone } : hours })
        }}
      />
      <PreChatEditor preChat={site.preChat} onChange={(preChat) => change({ preChat })} />
      <EndOfChatOptions ratings={site.ratings} transcripts={site.transcripts} mail={mail} onChange={change} />
      <AdminNotice notice={notice} testId="site-notice" />
      <div class="dialog-actions">
        <button type="submit" class="button primary" disabled={busy}>
          Save site settings
        </button>
      </div>
    </form>
  )
}
