// The Tickets view: list, open, close and reopen.
import type { FastifyInstance } from 'fastify'
import type { Ticket } from '../../protocol/index.js'
import { ERR_NOT_FOUND } from '../errors.js'
import { requireAgent } from './session.js'
import { idParams } from './id-params.js'

/** Registers the ticket routes. */
export const ticketRoutes = (app: FastifyInstance) => {
  const { store, hub } = app.parley

  app.get<{ Querystring: { status?: Ticket['status'] } }>(
    '/api/tickets',
    { preValidation: requireAgent, schema: { querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'closed'] } } } } },
    async (req) => ({ tickets: await store.listTickets(req.query.status) })
  )

  app.get<{ Params: { id: string } }>('/api/tickets/:id', { preValidation: requireAgent, schema: { params: idParams } }, async (req) => {
    const ticket = await store.getTicket(req.params.id)
    if (!ticket) throw new ERR_NOT_FOUND('Ticket')
    return { ticket }
  })

  app.post<{ Params: { id: string } }>('/api/tickets/:id/webhook', { preValidation: requireAgent, schema: { params: idParams } }, async (req) => {
    const ticket = await app.parley.tickets.retry(req.params.id)
    // "Pending" is announced before the attempt starts, so its outcome can never arrive first.
    await hub.ticketChanged(ticket)
    app.parley.tickets.kick()
    return { ticket }
  })

  app.patch<{ Params: { id: string }; Body: { status: Ticket['status'] } }>(
    '/api/tickets/:id',
    {
      preValidation: requireAgent,
      schema: {
        params: idParams,
        body: { type: 'object', required: ['status'], additionalProperties: false, properties: { status: { type: 'string', enum: ['open', 'closed'] } } }
      }
    },
    async (req) => {
      const ticket = await store.setTicketStatus(req.params.id, req.body.status)
      if (!ticket) throw new ERR_NOT_FOUND('Ticket')
      await hub.ticketChanged(ticket)
      return { ticket }
    }
  )
}
