import { useEffect, useState } from 'preact/hooks'
import type { Ticket } from '../../protocol/index.js'
import { fetchTickets } from '../api.js'
import { useFetch } from '../fetch-context.js'
import type { TicketFilter } from '../route.js'
import type { Action, ConnStatus } from '../reducer.js'
import { deliveryShort, deliveryText } from '../ticket-text.js'
import { TicketDetail } from './TicketDetail.js'

/** Props of {@link TicketsView}. */
export interface TicketsViewProps {
  /** every ticket known, by chat id (kept live by `ticket` frames) */
  tickets: Record<string, Ticket>
  filter: TicketFilter
  /** the ticket shown beside the list */
  ticketId?: string
  /** reloaded when the socket comes back: frames may have been missed meanwhile */
  conn: ConnStatus
  dispatch(action: Action): void
}

const when = (at: number): string => new Date(at).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })

/** The Tickets view: open or closed tickets, newest first, a failed delivery in plain sight; one opened beside. */
export function TicketsView({ tickets, filter, ticketId, conn, dispatch }: TicketsViewProps) {
  const fetchImpl = useFetch()
  const [error, setError] = useState('')
  const [loaded, setLoaded] = useState(false)
  useEffect(() => {
    if (conn !== 'online') return
    void fetchTickets(fetchImpl).then((r) => {
      setLoaded(true)
      if (!r.ok) return setError(r.message)
      setError('')
      dispatch({ type: 'tickets', tickets: r.value })
    })
  }, [conn])

  const all = Object.values(tickets).sort((a, b) => b.number - a.number)
  const selected = ticketId ? all.find((t) => t.id === ticketId) : undefined
  const shown = all.filter((t) => t.status === (selected?.status ?? filter))
  const count = (f: TicketFilter) => all.filter((t) => t.status === f).length
  const current = selected?.status ?? filter

  return (
    <div class={'tickets' + (ticketId ? ' has-detail' : '')} data-testid="tickets-view">
      <div class="tickets-list">
        <div class="view-head">
          <h1 class="view-title">Tickets</h1>
          <nav class="filters" aria-label="Ticket status">
            {(['open', 'closed'] as const).map((f) => (
              <a key={f} class="filter" href={'#/tickets/' + f} aria-current={current === f ? 'page' : undefined}>
                {f === 'open' ? 'Open' : 'Closed'} <span class="badge">{count(f)}</span>
              </a>
            ))}
          </nav>
        </div>
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {shown.length === 0 ? (
          <p class="empty view-empty">{!loaded && !error ? 'Loading tickets…' : current === 'open' ? 'No open tickets.' : 'No closed tickets.'}</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Title</th>
                <th scope="col" class="col-wide">
                  Customer
                </th>
                <th scope="col" class="col-wide">
                  Tags
                </th>
                <th scope="col">Help desk</th>
                <th scope="col" class="col-wide">
                  Created
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((t) => {
                const delivery = deliveryShort(t)
                return (
                  <tr key={t.id} data-testid="ticket-row" class={t.id === ticketId ? 'is-selected' : undefined}>
                    <td class="num">{'#' + t.number}</td>
                    <td>
                      <a href={'#/ticket/' + t.id} aria-current={t.id === ticketId ? 'true' : undefined}>
                        {t.title}
                      </a>
                      {t.offline && (
                        <span class="status-pill is-offline" data-testid="ticket-offline">
                          Offline message
                        </span>
                      )}
                    </td>
                    <td class="col-wide">{[t.customer.name, t.customer.email].filter(Boolean).join(' · ') || 'Visitor'}</td>
                    <td class="col-wide">
                      {t.tags.map((tag) => (
                        <span key={tag} class="tag">
                          {tag}
                        </span>
                      ))}
                    </td>
                    <td class={'delivery is-' + t.webhook.status} data-testid="ticket-delivery" title={deliveryText(t) || undefined}>
                      {delivery || '—'}
                    </td>
                    <td class="nowrap col-wide">{when(t.createdAt)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
      </div>
      {ticketId && <TicketDetail key={ticketId} ticketId={ticketId} ticket={selected} dispatch={dispatch} />}
    </div>
  )
}
