// The report, computed by SQL over the relay's own SQLite file (no analytics database). Runs in
// the reports worker on a read-only connection. Figures are about chats that started in the
// period; times come from the chat rows and their messages:
//   answered   — the first `joined` system message (requeue clears chats.answered_at, messages stay)
//   replied    — the first agent message that is not an auto-greeting (ids `greet-…`)
//   missed     — ended while waiting: status 'ended' and no agent (requeue clears agent_id)
// Local days and hours use the site's time zone through offset segments (time-zone.ts), so a
// daylight-saving change moves the bucket boundaries correctly.
// Ratings: the section is filled only when the store has a `rating` column on chats (the ratings
// feature of issue 12 stores 'good' or 'bad' there); until then `ratings` is null and the console
// shows no ratings section.
import type Database from 'better-sqlite3'
import type { AgentLoad, Report, ReportDay, Spread } from '../../protocol/index.js'
import type { ReportSpan } from './period.js'
import { segments } from './time-zone.js'

/** What one report needs besides the database. */
export interface ReportQuery {
  span: ReportSpan
  timeZone: string
  /** limit to this agent's chats (agents see their own numbers) */
  agentId?: string
  /** ms since epoch: open online spans count until now */
  now: number
}

// Materialised once per report: every chat of the period with its derived times and local buckets.
const TABLE = `CREATE TEMP TABLE IF NOT EXISTS report_chats (id TEXT, status TEXT, agent_id TEXT, created_at INTEGER, ended_at INTEGER,
  day INTEGER, hour INTEGER, weekday INTEGER, joined_at INTEGER, replied_at INTEGER)`
const BASE = `
INSERT INTO temp.report_chats
WITH seg(start, stop, day, off) AS (SELECT value->>0, value->>1, value->>2, value->>3 FROM json_each(:segments))
SELECT c.id, c.status, c.agent_id, c.created_at, c.ended_at, s.day,
  (c.created_at + s.off) / 3600000 % 24 AS hour,
  ((c.created_at + s.off) / 86400000 + 3) % 7 AS weekday,
  (SELECT min(m.at) FROM messages m WHERE m.chat_id = c.id AND m.author = 'system' AND m.event = 'joined') AS joined_at,
  (SELECT min(m.at) FROM messages m WHERE m.chat_id = c.id AND m.author = 'agent' AND m.id NOT LIKE 'greet-%') AS replied_at
FROM seg s JOIN chats c ON c.created_at >= s.start AND c.created_at < s.stop
WHERE (:agent IS NULL OR c.agent_id = :agent)`

const spread = (expr: string, where: string) =>
  `SELECT median(${expr}) AS median, percentile(${expr}, 90) AS p90, count(${expr}) AS count FROM temp.report_chats WHERE ${where}`

/** Prepared statements of one connection. */
export const prepareReports = (db: Database.Database) => {
  db.exec(TABLE)
  const hasRatings = db.prepare("SELECT count(*) AS n FROM pragma_table_info('chats') WHERE name = 'rating'")
  const RATINGS =
    "SELECT count(*) AS rated, coalesce(sum(c.rating = 'good'), 0) AS good, coalesce(sum(c.rating = 'bad'), 0) AS bad FROM temp.report_chats r JOIN chats c ON c.id = r.id WHERE c.rating IS NOT NULL"
  const round = (v: number | null) => (v === null ? null : Math.round(v))
  const q = {
    clear: db.prepare('DELETE FROM temp.report_chats'),
    totals: `SELECT count(*) AS started, count(joined_at) AS answered,
      coalesce(sum(status = 'ended' AND agent_id IS NULL), 0) AS missed, coalesce(sum(status = 'ended'), 0) AS ended FROM temp.report_chats`,
    wait: spread('joined_at - created_at', 'joined_at IS NOT NULL'),
    first: spread('replied_at - created_at', 'replied_at IS NOT NULL'),
    duration: spread('ended_at - joined_at', "joined_at IS NOT NULL AND status = 'ended' AND agent_id IS NOT NULL"),
    days: `SELECT day, count(*) AS started, count(joined_at) AS answered, sum(status = 'ended' AND agent_id IS NULL) AS missed,
      sum(status = 'ended') AS ended, median(joined_at - created_at) AS medianWait FROM temp.report_chats GROUP BY day`,
    heat: 'SELECT weekday, hour, count(*) AS n FROM temp.report_chats GROUP BY weekday, hour',
    // Grouped once, then joined to the agents (not a correlated scan of the period per agent).
    agents: `WITH load AS (SELECT agent_id, count(*) AS chats, median(replied_at - created_at) AS firstResponse
        FROM temp.report_chats WHERE agent_id IS NOT NULL GROUP BY agent_id),
      online AS (SELECT agent_id, sum(min(coalesce(ended_at, :now), :to) - max(started_at, :from)) AS online
        FROM agent_online WHERE started_at < :to AND coalesce(ended_at, :now) > :from GROUP BY agent_id)
      SELECT a.id, a.display_name AS name, coalesce(l.chats, 0) AS chats, l.firstResponse, coalesce(o.online, 0) AS online
      FROM agents a LEFT JOIN load l ON l.agent_id = a.id LEFT JOIN online o ON o.agent_id = a.id
      WHERE (:agent IS NULL OR a.id = :agent) ORDER BY chats DESC, online DESC, a.display_name`
  }
  const base = db.prepare(BASE)
  const stmts = {
    totals: db.prepare(q.totals),
    wait: db.prepare(q.wait),
    first: db.prepare(q.first),
    duration: db.prepare(q.duration),
    days: db.prepare(q.days),
    heat: db.prepare(q.heat),
    agents: db.prepare(q.agents)
  }
  let ratings: Database.Statement | null = null
  const toSpread = (r: unknown): Spread => {
    const s = r as { median: number | null; p90: number | null; count: number }
    return { median: round(s.median), p90: round(s.p90), count: s.count }
  }

  /** Computes the report (without `tookMs`). Synchronous: call it off the event loop. */
  return (query: ReportQuery): Omit<Report, 'tookMs'> => {
    const { span, timeZone, now } = query
    const agent = query.agentId ?? null
    const from = span.dayStarts[0]!
    const to = span.dayStarts[span.dayStarts.length - 1]!
    // The ratings column appears with a migration while this worker may be running: look each time.
    if (!ratings && (hasRatings.get() as { n: number }).n > 0) ratings = db.prepare(RATINGS)
    q.clear.run()
    base.run({ segments: JSON.stringify(segments(timeZone, span.dayStarts)), agent })
    try {
      const days: ReportDay[] = span.dates.map((date) => ({ date, started: 0, answered: 0, missed: 0, ended: 0, medianWaitMs: null }))
      for (const r of stmts.days.all() as { day: number; started: number; answered: number; missed: number; ended: number; medianWait: number | null }[])
        days[r.day] = {
          date: span.dates[r.day]!,
          started: r.started,
          answered: r.answered,
          missed: r.missed,
          ended: r.ended,
          medianWaitMs: round(r.medianWait)
        }
      const heatmap = Array.from({ length: 7 }, () => new Array<number>(24).fill(0))
      for (const r of stmts.heat.all() as { weekday: number; hour: number; n: number }[]) heatmap[r.weekday]![r.hour] = r.n
      const agents: AgentLoad[] = (
        stmts.agents.all({ agent, now, from, to }) as { id: string; name: string; chats: number; firstResponse: number | null; online: number }[]
      )
        .filter((a) => agent !== null || a.chats > 0 || a.online > 0)
        .map((a) => ({ id: a.id, name: a.name, chats: a.chats, onlineMs: a.online, medianFirstResponseMs: round(a.firstResponse) }))
      const rated = ratings?.get() as { rated: number; good: number; bad: number } | undefined
      return {
        period: span.period,
        from: span.from,
        to: span.to,
        timeZone,
        ...(query.agentId ? { agentId: query.agentId } : {}),
        totals: stmts.totals.get() as Report['totals'],
        waitMs: toSpread(stmts.wait.get()),
        firstResponseMs: toSpread(stmts.first.get()),
        durationMs: toSpread(stmts.duration.get()),
        days,
        heatmap,
        agents,
        ratings: rated && rated.rated > 0 ? { good: rated.good, bad: rated.bad } : null
      }
    } finally {
      q.clear.run()
    }
  }
}
