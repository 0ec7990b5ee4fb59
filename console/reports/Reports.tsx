// The reports view as the console's main bundle knows it: a placeholder that loads the reports
// chunk (ReportsView with uPlot, dist/console/chunks/) and its stylesheet on first use.
import type { FunctionComponent } from 'preact'
import { useEffect, useState } from 'preact/hooks'
import type { ReportsViewProps } from './ReportsView.js'

let loading: Promise<FunctionComponent<ReportsViewProps>> | undefined

/** Loads the chunk once; the stylesheet (reports.css with uPlot's) goes in beside console.css. */
const load = () =>
  (loading ??= (() => {
    const link = document.createElement('link')
    link.rel = 'stylesheet'
    link.href = './reports.css'
    document.head.append(link)
    return import('./ReportsView.js').then((m) => m.ReportsView)
  })())

/** Now and the period reports, loaded on demand. */
export function Reports(props: ReportsViewProps) {
  const [View, setView] = useState<FunctionComponent<ReportsViewProps> | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    load().then(
      (v) => setView(() => v),
      () => {
        loading = undefined
        setFailed(true)
      }
    )
  }, [])
  if (failed)
    return (
      <p class="form-error" role="alert">
        The reports could not be loaded. Reload the page to try again.
      </p>
    )
  return View ? <View {...props} /> : <p class="empty">Loading reports…</p>
}
