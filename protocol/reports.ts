// Reports and the live view: what GET /api/reports answers. Pure types and limits, shared by the
// relay (which computes them in SQL) and the console (which draws them).

/** The periods a report can cover, in the site's time zone; `custom` needs `from` and `to`. */
export const REPORT_PERIODS = ['today', '7d', '30d', 'custom'] as const

/** A report period. */
export type ReportPeriod = (typeof REPORT_PERIODS)[number]

/** A median and 90th percentile (linear interpolation between ranks), ms; null when nothing was measured. */
export interface Spread {
  median: number | null
  p90: number | null
  /** how many chats were measured */
  count: number
}

/** One local day of a report. */
export interface ReportDay {
  /** YYYY-MM-DD in the site's time zone */
  date: string
  started: number
  answered: number
  missed: number
  ended: number
  /** median wait until an agent answered, ms; null when none was answered that day */
  medianWaitMs: number | null
}

/** One agent's load in the period. */
export interface AgentLoad {
  id: string
  name: string
  /** chats the agent had when they ended (or has now) among those started in the period */
  chats: number
  /** time with chat switched on and the console connected, within the period, ms */
  onlineMs: number
  /** median time from the customer's first message to this agent's first reply, ms */
  medianFirstResponseMs: number | null
}

/** Ratings given by customers, present only once ratings exist in the store (see relay/reports/queries.ts). */
export interface RatingFigures {
  good: number
  bad: number
}

/**
 * A report over the chats that *started* in the period (all figures are about those chats).
 * `answered`: an agent joined at least once. `missed`: it ended while waiting (the visitor left
 * before anyone answered, or it was requeued and ended before anyone took it again).
 */
export interface Report {
  period: ReportPeriod
  /** first and last local day, YYYY-MM-DD, inclusive */
  from: string
  to: string
  /** IANA zone the days and hours are counted in (the site's) */
  timeZone: string
  /** set when the figures are limited to one agent's chats (agents see their own) */
  agentId?: string
  totals: { started: number; answered: number; missed: number; ended: number }
  /** from the customer's first message until an agent joined, answered chats */
  waitMs: Spread
  /** from the customer's first message until an agent's first own reply (auto-greetings do not count) */
  firstResponseMs: Spread
  /** from the agent joining until the end, chats that ended with an agent (not back in the queue) */
  durationMs: Spread
  days: ReportDay[]
  /** chats started by local weekday (0 = Monday … 6 = Sunday) and hour (0–23) */
  heatmap: number[][]
  agents: AgentLoad[]
  /** null until the store holds ratings */
  ratings: RatingFigures | null
  /** how long the relay took to compute it, ms */
  tookMs: number
}

/** Most days a custom report may span (a year and a day). */
export const MAX_REPORT_DAYS = 366
