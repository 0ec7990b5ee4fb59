import { useEffect, useRef, useState } from 'preact/hooks'
import type { Ticket } from '../../protocol/index.js'
import { fetchTicket, retryDelivery, setTicketStatus, type ApiResult } from '../api.js'
import { arrivalText, ratingText } from '../chat-facts.js'
import { useFetch } from '../fetch-context.js'
import type { Action } from '../reducer.js'
import { deliveryText, noteParts } from '../ticket-text.js'

/** Props of {@link TicketDetail}. */
export interface TicketDetailProps {
  ticketId: string
  /** the ticket when already known; else it is fetched */
  ticket?: Ticket
  dispatch(action: Action): void
}

/** One ticket: who and what, its help-desk delivery (retried by hand after a failure), its first note (whose chat link opens the transcript), close or reopen. */
export function TicketDetail({ ticketId, ticket, dispatch }: TicketDetailProps) {
  const fetchImpl = useFetch()
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const latest = useRef(ticket)
  latest.current = ticket

  useEffect(() => {
    if (ticket) return
    void fetchTicket(ticketId, fetchImpl).then((r) => (r.ok ? dispatch({ type: 'ticket', ticket: r.value }) : setError(r.message)))
  }, [ticketId])

  if (!ticket)
    return (
      <section class="ticket-detail" aria-label="Ticket">
        <a class="back" href="#/tickets/open">
          ← All tickets
        </a>
        <p class={error ? 'form-error' : 'empty'} role={error ? 'alert' : 'status'}>
          {error || 'Loading ticket…'}
        </p>
      </section>
    )

  /** Runs one request for this ticket; its answer replaces the ticket unless a live frame did meanwhile; its error is shown. */
  const act = async (request: () => Promise<ApiResult<Ticket>>) => {
    const before = ticket
    setBusy(true)
    setError('')
    const r = await request()
    setBusy(false)
    // A retried delivery can fail again before its answer arrives: the `ticket` frame saying so is newer.
    if (r.ok && latest.current === before) dispatch({ type: 'ticket', ticket: r.value })
    else if (!r.ok) setError(r.message)
  }
  const toggle = () => act(() => setTicketStatus(ticket.id, ticket.status === 'open' ? 'closed' : 'open', fetchImpl))
  const retry = () => act(() => retryDelivery(ticket.id, fetchImpl))

  const note = noteParts(ticket.note)
  const delivery = deliveryText(ticket)
  return (
    <section class="ticket-detail" aria-labelledby="ticket-title" data-testid="ticket-detail">
      <a class="back" href={'#/tickets/' + ticket.status}>
        ← All {ticket.status} tickets
      </a>
      <header class="ticket-head">
        <div>
          <p class="ticket-number">
            Ticket #{ticket.number} <span class={'status-pill is-' + ticket.status}>{ticket.status === 'open' ? 'Open' : 'Closed'}</span>
          </p>
          <h2 id="ticket-title" class="ticket-title">
            {ticket.title}
          </h2>
        </div>
        <button type="button" class="button" disabled={busy} onClick={toggle}>
          {ticket.status === 'open' ? 'Close ticket' : 'Reopen ticket'}
        </button>
      </header>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <dl class="card-rows ticket-facts">
        <div class="card-row">
          <dt>Customer</dt>
          <dd>{[ticket.customer.name, ticket.customer.email].filter(Boolean).join(' · ') || 'Visitor'}</dd>
        </div>
        {ticket.tags.length > 0 && (
          <div class="card-row">
            <dt>Tags</dt>
            <dd>
              {ticket.tags.map((t) => (
                <span key={t} class="tag">
                  {t}
                </span>
              ))}
            </dd>
          </div>
        )}
        {arrivalText(ticket) && (
          <div class="card-row">
            <dt>Came in</dt>
            <dd data-testid="ticket-arrival">{arrivalText(ticket)}</dd>
          </div>
        )}
        {ticket.rating && (
          <div class="card-row">
            <dt>Rating</dt>
            <dd data-testid="ticket-rating">{ratingText(ticket.rating, ticket.ratingComment)}</dd>
          </div>
        )}
        <div class="card-row">
          <dt>Created</dt>
          <dd>{new Date(ticket.createdAt).toLocaleString()}</dd>
        </div>
        <div class="card-row">
          <dt>Help desk</dt>
          <dd>
            <span class={'delivery is-' + ticket.webhook.status} data-testid="ticket-detail-delivery">
              {delivery || 'No help desk is connected'}
            </span>
            {ticket.webhook.status === 'failed' && (
              <button type="button" class="button retry-delivery" disabled={busy} onClick={retry}>
                Retry delivery
              </button>
            )}
          </dd>
        </div>
        <div class="card-row">
          <dt>Chat</dt>
          <dd>
            <a href={'#/chat/' + ticket.chatId}>Open the chat transcript</a>
          </dd>
        </div>
      </dl>
      <h3 class="details-heading">First note</h3>
      <div class="ticket-note" data-testid="ticket-note">
        {note.link && (
          <p>
            Chat:{' '}
            <a href={'#/chat/' + ticket.chatId} data-testid="ticket-note-link" title={note.link}>
              {note.link}
            </a>
          </p>
        )}
        <pre class="ticket-note-text">{note.rest}</pre>
      </div>
    </section>
  )
}
