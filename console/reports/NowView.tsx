// The wall-screen view: the queue (how many wait, the longest wait, ticking), agents online and
// their load, chats in progress — from the panel the agent socket keeps current — and today's
// figures from the relay, refreshed every minute.
import { useEffect, useState } from 'preact/hooks'
import type { Panel, Report } from '../../protocol/index.js'
import { TableHead } from '../components/TableHead.js'
import { useFetch } from '../fetch-context.js'
import { useNow } from '../use-now.js'
import { duration, percent } from './figures.js'
import { fetchReport } from './report-api.js'
import { Tile } from './Tile.js'

/** How often today's figures are fetched again, ms. */
const TODAY_REFRESH_MS = 60_000

/** Props of {@link NowView}. */
export interface NowViewProps {
  panel: Panel
}

/** What is happening now. */
export function NowView({ panel }: NowViewProps) {
  const now = useNow(1000)
  const fetchImpl = useFetch()
  const [today, setToday] = useState<Report | null>(null)
  useEffect(() => {
    const load = () => void fetchReport({ period: 'today' }, fetchImpl).then((r) => r.ok && setToday(r.report))
    load()
    const timer = setInterval(load, TODAY_REFRESH_MS)
    return () => clearInterval(timer)
  }, [])

  const oldest = panel.waiting.reduce((m, c) => Math.min(m, c.createdAt), Infinity)
  const longest = panel.waiting.length ? Math.max(0, now - oldest) : null
  const capacity = panel.agents.reduce((n, a) => n + a.maxChats, 0)
  const busy = panel.agents.reduce((n, a) => n + a.chats, 0)

  return (
    <section class="r-now" aria-labelledby="r-now-h">
      <h2 id="r-now-h" class="sr-only">
        Now
      </h2>
      <dl class="r-tiles r-big" data-testid="now-figures">
        <Tile term="Waiting" value={String(panel.waiting.length)} alert={panel.waiting.length > 0} testId="now-waiting" />
        {/* Ticks every second: not announced, or a screen reader would talk non-stop. */}
        <Tile term="Longest wait" value={duration(longest)} testId="now-longest" />
        <Tile
          term="Agents online"
          value={String(panel.agents.length)}
          note={capacity ? `${busy} of ${capacity} chat slots busy` : 'nobody to answer'}
          testId="now-agents"
        />
        <Tile term="Chats in progress" value={String(panel.chatting.length)} testId="now-active" />
      </dl>
      {today && (
        <dl class="r-tiles" data-testid="now-today" aria-label="Today so far">
          <Tile term="Started today" value={String(today.totals.started)} />
          <Tile term="Answered today" value={String(today.totals.answered)} note={percent(today.totals.answered, today.totals.started)} />
          <Tile term="Missed today" value={String(today.totals.missed)} />
          <Tile term="Median wait today" value={duration(today.waitMs.median)} />
        </dl>
      )}
      <div class="r-grid">
        <section class="r-chart" aria-labelledby="r-load-h" data-testid="now-load">
          <h3 id="r-load-h">Agents online and their load</h3>
          {panel.agents.length ? (
            <ul class="r-load">
              {panel.agents.map((a) => (
                <li key={a.id}>
                  <span class="r-load-name">{a.name}</span>
                  <meter min={0} max={a.maxChats} value={a.chats} aria-label={`${a.name}: ${a.chats} of ${a.maxChats} chats`} />
                  <span class="r-load-count">
                    {a.chats} / {a.maxChats}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">No agent is online.</p>
          )}
        </section>
        <section class="r-chart" aria-labelledby="r-prog-h" data-testid="now-progress">
          <h3 id="r-prog-h">Chats in progress</h3>
          {panel.chatting.length ? (
            <table class="r-list">
              <TableHead columns={['Customer', 'Agent', 'Since']} />
              <tbody>
                {panel.chatting.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.customer.name || c.title}</th>
                    <td>{c.agentName ?? '—'}</td>
                    <td>{duration(now - (c.answeredAt ?? c.createdAt))}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="empty">No chat in progress.</p>
          )}
        </section>
      </div>
    </section>
  )
}
