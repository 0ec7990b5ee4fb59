// The report of a period: the picker, the headline figures and the charts, each with its table
// and CSV. Ratings show only once the relay reports some (the ratings feature stores them).
import { useEffect, useId, useMemo, useState } from 'preact/hooks'
import { MAX_REPORT_DAYS, type Report, type ReportPeriod, type Spread } from '../../protocol/index.js'
import { useFetch } from '../fetch-context.js'
import { ChartFrame } from './ChartFrame.js'
import type { Table } from './csv.js'
import { WEEKDAYS, duration, hour, percent } from './figures.js'
import { Heatmap } from './Heatmap.js'
import { fetchReport, type PeriodChoice } from './report-api.js'
import { Tile } from './Tile.js'
import { UChart, type ChartSeries } from './UChart.js'

const PERIODS = [
  ['today', 'Today'],
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['custom', 'Custom']
] as const

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Checks a custom period before asking the relay; the relay checks again. */
const customError = (from: string, to: string): string | null => {
  if (!DATE.test(from) || !DATE.test(to)) return 'Choose a first and a last day.'
  if (from > to) return 'The first day must not be after the last.'
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1
  if (days > MAX_REPORT_DAYS) return `A report may span at most ${MAX_REPORT_DAYS} days; this one spans ${days}.`
  return null
}

const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000))

/** A tile's value and note for a spread of durations: the median, and the 90th percentile under it. */
const spread = (ms: Spread) => ({ value: duration(ms.median), note: 'median; 90 %: ' + duration(ms.p90) })

/** Props of {@link PeriodReport}. */
export interface PeriodReportProps {
  isAdmin: boolean
}

/** Reports for today, 7 days, 30 days or a custom period. */
export function PeriodReport({ isAdmin }: PeriodReportProps) {
  const id = useId()
  const fetchImpl = useFetch()
  const [mode, setMode] = useState<ReportPeriod>('7d')
  const [choice, setChoice] = useState<PeriodChoice>({ period: '7d' })
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  const [report, setReport] = useState<Report | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    setBusy(true)
    void fetchReport(choice, fetchImpl).then((r) => {
      if (!live) return
      setBusy(false)
      if (r.ok) {
        setReport(r.report)
        setError(null)
      } else setError(r.message)
    })
    return () => {
      live = false
    }
  }, [choice])

  // Custom waits for its days and Show; the others load at once.
  const pick = (period: ReportPeriod) => {
    setMode(period)
    if (period !== 'custom') setChoice({ period })
  }
  const showCustom = (ev: Event) => {
    ev.preventDefault()
    const bad = customError(from, to)
    if (bad) return setError(bad)
    setChoice({ period: 'custom', from, to })
  }
  const custom = mode === 'custom'

  return (
    <section class="r-period" aria-labelledby={id + 'h'}>
      <h2 id={id + 'h'} class="sr-only">
        Reports
      </h2>
      <form class="r-picker" onSubmit={showCustom}>
        <fieldset>
          <legend>Period</legend>
          {PERIODS.map(([value, label]) => (
            <label key={value} class="r-choice">
              <input type="radio" name={id + 'period'} value={value} checked={mode === value} onChange={() => pick(value)} />
              {label}
            </label>
          ))}
        </fieldset>
        {custom && (
          <div class="r-custom">
            <label for={id + 'from'}>From</label>
            <input id={id + 'from'} type="date" value={from} onInput={(ev) => setFrom(ev.currentTarget.value)} />
            <label for={id + 'to'}>To</label>
            <input id={id + 'to'} type="date" value={to} onInput={(ev) => setTo(ev.currentTarget.value)} />
            <button type="submit" class="button primary">
              Show
            </button>
          </div>
        )}
      </form>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {!report ? <p class="empty">{busy ? 'Loading the report…' : ''}</p> : <ReportBody report={report} isAdmin={isAdmin} busy={busy} />}
    </section>
  )
}

/** Everything below the picker. */
function ReportBody({ report: r, isAdmin, busy }: { report: Report; isAdmin: boolean; busy: boolean }) {
  const t = r.totals
  const range = r.from === r.to ? r.from : `${r.from} – ${r.to}`
  const name = `parley-${r.from}-${r.to}`
  const labels = useMemo(() => r.days.map((d) => (r.days.length > 1 ? d.date.slice(5) : d.date)), [r])
  const volume = useMemo<ChartSeries[]>(
    () => [
      { label: 'Started', values: r.days.map((d) => d.started), color: 0 },
      { label: 'Answered', values: r.days.map((d) => d.answered), color: 1 },
      { label: 'Missed', values: r.days.map((d) => d.missed), color: 2, dash: 'dashes' },
      { label: 'Ended', values: r.days.map((d) => d.ended), color: 3, dash: 'dots' }
    ],
    [r]
  )
  const waits = useMemo<ChartSeries[]>(() => [{ label: 'Median wait', values: r.days.map((d) => seconds(d.medianWaitMs)), color: 0 }], [r])
  const agentLabels = useMemo(() => r.agents.map((a) => a.name), [r])
  const load = useMemo<ChartSeries[]>(() => [{ label: 'Chats', values: r.agents.map((a) => a.chats), color: 1 }], [r])
  const busiest = r.days.reduce((b, d) => (d.started > b.started ? d : b), r.days[0]!)
  const peak = r.heatmap.flatMap((hs, d) => hs.map((n, h) => ({ n, d, h }))).reduce((b, c) => (c.n > b.n ? c : b), { n: 0, d: 0, h: 0 })

  const volumeTable: Table = {
    head: ['Day', 'Started', 'Answered', 'Missed', 'Ended'],
    rows: r.days.map((d) => [d.date, d.started, d.answered, d.missed, d.ended])
  }
  const waitTable: Table = { head: ['Day', 'Median wait (s)'], rows: r.days.map((d) => [d.date, seconds(d.medianWaitMs)]) }
  const heatTable: Table = { head: ['Weekday', ...r.heatmap[0]!.map((_, h) => hour(h) + ':00')], rows: r.heatmap.map((hs, d) => [WEEKDAYS[d]!, ...hs]) }
  const agentTable: Table = {
    head: ['Agent', 'Chats', 'Time online (min)', 'Median first response (s)'],
    rows: r.agents.map((a) => [a.name, a.chats, Math.round(a.onlineMs / 60_000), seconds(a.medianFirstResponseMs)])
  }

  return (
    <div class="r-body" aria-busy={busy ? 'true' : 'false'}>
      <p class="r-scope" data-testid="report-scope">
        {range}, {r.timeZone}
        {r.agentId ? ' — your chats' : isAdmin ? ' — all agents' : ''}
      </p>
      <dl class="r-tiles" data-testid="report-totals">
        <Tile term="Chats started" value={String(t.started)} />
        <Tile term="Answered" value={String(t.answered)} note={percent(t.answered, t.started)} />
        <Tile term="Missed" value={String(t.missed)} note={percent(t.missed, t.started)} />
        <Tile term="Ended" value={String(t.ended)} />
        <Tile term="Waiting until answer" {...spread(r.waitMs)} />
        <Tile term="First response" {...spread(r.firstResponseMs)} />
        <Tile term="Chat duration" {...spread(r.durationMs)} />
        {r.ratings && (
          <Tile
            term="Ratings"
            value={percent(r.ratings.good, r.ratings.good + r.ratings.bad) + ' good'}
            note={`${r.ratings.good} good, ${r.ratings.bad} bad`}
          />
        )}
      </dl>
      <div class="r-grid">
        <ChartFrame
          title="Chats per day"
          testId="chart-volume"
          csvName={name + '-chats-per-day'}
          table={volumeTable}
          summary={`${t.started} chats started from ${range}, ${t.answered} answered and ${t.missed} missed; the busiest day was ${busiest.date} with ${busiest.started}.`}
        >
          <UChart labels={labels} series={volume} kind="lines" format={(v) => String(Math.round(v))} />
        </ChartFrame>
        <ChartFrame
          title="Median wait per day"
          testId="chart-wait"
          csvName={name + '-median-wait'}
          table={waitTable}
          summary={`Customers waited ${duration(r.waitMs.median)} for an answer in the middle case, and up to ${duration(r.waitMs.p90)} in nine cases of ten.`}
        >
          <UChart
            labels={labels}
            series={waits}
            kind="lines"
            format={(v) => duration(v * 1000)}
            tick={(v) => (v < 60 ? `${Math.round(v)} s` : `${+(v / 60).toFixed(1)} min`)}
          />
        </ChartFrame>
        <ChartFrame
          title="Chats by weekday and hour"
          testId="chart-heatmap"
          csvName={name + '-weekday-hour'}
          table={heatTable}
          isTable
          summary={peak.n ? `Most chats started on ${WEEKDAYS[peak.d]} at ${hour(peak.h)}:00 (${peak.n}).` : 'No chats started in this period.'}
        >
          <Heatmap cells={r.heatmap} />
        </ChartFrame>
        <ChartFrame
          title="Load per agent"
          testId="chart-agents"
          csvName={name + '-agents'}
          table={agentTable}
          summary={
            r.agents.length
              ? r.agents
                  .map((a) => `${a.name}: ${a.chats} chats, ${duration(a.onlineMs)} online, first response ${duration(a.medianFirstResponseMs)}`)
                  .join('; ') + '.'
              : 'No agent had chats or was online in this period.'
          }
        >
          {r.agents.length ? (
            <UChart labels={agentLabels} series={load} kind="bars" format={(v) => String(Math.round(v))} height={200} />
          ) : (
            <p class="empty">No agent had chats or was online in this period.</p>
          )}
        </ChartFrame>
      </div>
    </div>
  )
}
