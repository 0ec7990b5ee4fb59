// Chart colours from the reports' CSS variables (reports.css), light or dark, and a hook that
// redraws when the system switches between them.
import { useEffect, useState } from 'preact/hooks'

/** The colours a chart is drawn with. */
export interface ChartTheme {
  text: string
  grid: string
  series: string[]
}

const read = (el: Element): ChartTheme => {
  const css = getComputedStyle(el)
  const v = (name: string) => css.getPropertyValue(name).trim()
  return { text: v('--r-text'), grid: v('--r-grid'), series: [v('--r-s1'), v('--r-s2'), v('--r-s3'), v('--r-s4')] }
}

/** The theme of element `el` (null until mounted), updated when prefers-color-scheme changes. */
export const useChartTheme = (el: Element | null): ChartTheme | null => {
  const [scheme, setScheme] = useState(() => matchMedia('(prefers-color-scheme: dark)').matches)
  useEffect(() => {
    const q = matchMedia('(prefers-color-scheme: dark)')
    const on = () => setScheme(q.matches)
    q.addEventListener('change', on)
    return () => q.removeEventListener('change', on)
  }, [])
  // `scheme` is read so the theme is recomputed after a switch.
  return el && scheme !== undefined ? read(el) : null
}
