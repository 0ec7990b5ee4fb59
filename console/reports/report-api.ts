// Fetching a report: GET /api/reports with the period, the relay's message on failure.
import type { Report, ReportPeriod } from '../../protocol/index.js'

/** What the period picker asks for. */
export interface PeriodChoice {
  period: ReportPeriod
  /** YYYY-MM-DD, custom only */
  from?: string
  to?: string
}

/** The report, or the relay's message why not. */
export const fetchReport = async (choice: PeriodChoice, fetchImpl: typeof fetch): Promise<{ ok: true; report: Report } | { ok: false; message: string }> => {
  const q = new URLSearchParams({ period: choice.period })
  if (choice.period === 'custom') {
    q.set('from', choice.from ?? '')
    q.set('to', choice.to ?? '')
  }
  try {
    const res = await fetchImpl('/api/reports?' + q.toString(), { credentials: 'same-origin' })
    const body = (await res.json()) as { report?: Report; message?: string }
    return res.ok && body.report ? { ok: true, report: body.report } : { ok: false, message: body.message ?? `The relay answered ${res.status}` }
  } catch {
    return { ok: false, message: 'Could not reach the relay. Try again in a moment.' }
  }
}
