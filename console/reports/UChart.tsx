// A uPlot chart over categories (days, agents): lines with points, or bars. Sized to its box,
// coloured from the theme, redrawn when the data, the size or the colour scheme change.
import { useEffect, useRef, useState } from 'preact/hooks'
import uPlot from 'uplot'
import { useChartTheme } from './theme.js'

/** One series: a label, one value per category, and which theme colour (0–3). */
export interface ChartSeries {
  label: string
  values: (number | null)[]
  color: number
  /** dashed or dotted line: told apart without colour */
  dash?: 'dashes' | 'dots'
}

/** Props of {@link UChart}. Bars take one series (one bar a category). */
export interface UChartProps {
  /** category names along the x axis */
  labels: string[]
  series: ChartSeries[]
  kind: 'lines' | 'bars'
  /** how y values read (ticks and legend) */
  format(v: number): string
  /** how axis ticks read (shorter); default: `format` */
  tick?: (v: number) => string
  height?: number
}

/** Draws the chart (the surrounding ChartFrame gives it a name and a table). */
export function UChart(p: UChartProps) {
  const box = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(0)
  const theme = useChartTheme(box.current)
  useEffect(() => {
    const el = box.current!
    const ro = new ResizeObserver(() => setWidth(Math.floor(el.clientWidth)))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])
  useEffect(() => {
    const el = box.current
    if (!el || !width || !theme) return
    const xs = p.labels.map((_, i) => i)
    const axis = { stroke: theme.text, grid: { stroke: theme.grid, width: 1 }, ticks: { stroke: theme.grid, width: 1 }, font: '12px system-ui, sans-serif' }
    const bars = uPlot.paths.bars!({ size: [0.6, 80] })
    const chart = new uPlot(
      {
        width,
        height: p.height ?? 240,
        cursor: { drag: { x: false, y: false }, points: { size: 8 } },
        // The legend names the series; the values are in the table below the chart.
        legend: { live: false },
        scales: { x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
        axes: [
          { ...axis, splits: () => xs, values: (_u, ticks) => ticks.map((t) => thin(p.labels, t, width)) },
          { ...axis, size: 72, values: (_u, ticks) => ticks.map((t) => (p.tick ?? p.format)(t)) }
        ],
        series: [
          {},
          ...p.series.map((s) => ({
            label: s.label,
            stroke: theme.series[s.color],
            fill: p.kind === 'bars' ? theme.series[s.color] : undefined,
            width: s.dash === 'dots' ? 1.5 : 2,
            ...(s.dash ? { dash: s.dash === 'dots' ? [2, 3] : [6, 4] } : {}),
            points: { show: p.kind === 'lines', size: 6, fill: theme.series[s.color] },
            value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : p.format(v)),
            ...(p.kind === 'bars' ? { paths: bars } : {})
          }))
        ]
      },
      [xs, ...p.series.map((s) => s.values)] as uPlot.AlignedData,
      el
    )
    return () => chart.destroy()
  }, [width, theme?.text, theme?.series.join(), p.labels, p.series, p.kind])
  return <div ref={box} class="r-uplot" />
}

/** Every label while they fit, else every k-th (and always the last), roughly 70 px apart. */
const thin = (labels: string[], t: number, width: number): string => {
  const every = Math.max(1, Math.ceil((labels.length * 70) / Math.max(width, 1)))
  return t % every === 0 || t === labels.length - 1 ? (labels[t] ?? '') : ''
}
