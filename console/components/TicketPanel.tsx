import { useEffect, useState } from 'preact/hooks'
import type { Ticket } from '../../protocol/index.js'
import { createTicket, fetchTicket } from '../api.js'
import { useFetch } from '../fetch-context.js'
import type { Action } from '../reducer.js'
import { deliveryText } from '../ticket-text.js'

/** Props of {@link TicketPanel}. */
export interface TicketPanelProps {
  chatId: string
  /** the ticket, once known */
  ticket?: Ticket
  /** set by the relay when a ticket was made from this chat */
  ticketId?: string
  dispatch(action: Action): void
}

/** "Turn chat into ticket" after a chat ends; once made, the ticket's number and delivery state. */
export function TicketPanel({ chatId, ticket, ticketId, dispatch }: TicketPanelProps) {
  const fetchImpl = useFetch()
  const [busy, setBusy] = useState(false)

  const make = async () => {
    setBusy(true)
    const result = await createTicket(chatId, fetchImpl)
    setBusy(false)
    dispatch(result.ok ? { type: 'ticket', ticket: result.value } : { type: 'toast', text: result.message })
  }

  // A ticket made earlier, maybe by another agent: show its number too.
  useEffect(() => {
    if (!ticketId || ticket) return
    void fetchTicket(ticketId, fetchImpl).then((r) => r.ok && dispatch({ type: 'ticket', ticket: r.value }))
  }, [ticketId, ticket])

  if (ticket)
    return (
      <p class="ticket" role="status" data-testid="ticket">
        <a href={'#/ticket/' + ticket.id}>{'Ticket #' + ticket.number}</a>
        {' created' + (deliveryText(ticket) ? ', ' + deliveryText(ticket).replace(/^S/, 's') : '')}
      </p>
    )
  return (
    <button type="button" class="button primary" disabled={busy || ticketId !== undefined} onClick={make}>
      {busy ? 'Creating ticket…' : 'Turn chat into ticket'}
    </button>
  )
}
