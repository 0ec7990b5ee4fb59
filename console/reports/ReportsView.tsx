// The reports chunk's front door: Now and Period as two tabs (links, so the URL says which).
// Loaded on demand by Reports.tsx with uPlot; nothing here is in the console's main bundle.
import type { Panel } from '../../protocol/index.js'
import { NowView } from './NowView.js'
import { PeriodReport } from './PeriodReport.js'

/** Props of {@link ReportsView}. */
export interface ReportsViewProps {
  tab: 'now' | 'period'
  panel: Panel
  isAdmin: boolean
}

/** Now and the period reports. */
export function ReportsView({ tab, panel, isAdmin }: ReportsViewProps) {
  return (
    <div class="reports" data-testid="reports">
      <h1 class="sr-only">Reports</h1>
      <nav class="r-tabs" aria-label="Reports">
        <a href="#/reports/now" aria-current={tab === 'now' ? 'page' : undefined}>
          Now
        </a>
        <a href="#/reports/period" aria-current={tab === 'period' ? 'page' : undefined}>
          {isAdmin ? 'Reports' : 'My reports'}
        </a>
      </nav>
      {tab === 'now' ? <NowView panel={panel} /> : <PeriodReport isAdmin={isAdmin} />}
    </div>
  )
}
