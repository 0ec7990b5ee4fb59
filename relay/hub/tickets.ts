// Turn chat into ticket: one click makes one ticket (never two), whose first note links to the chat
// and holds the transcript; a configured help desk is told by a signed webhook (Standard Webhooks,
// security/webhook-signature.ts), retried with backoff.
import { backoffMs, type Ticket } from '../../protocol/index.js'
import type { RelayConfig } from '../config.js'
import { ERR_CONFLICT, ERR_NOT_FOUND } from '../errors.js'
import { webhookHeaders } from '../security/webhook-signature.js'
import type { Store } from '../store/store.js'
import { ticketNote } from './transcript.js'

/** The console URL that opens a chat's transcript. */
export const chatLink = (baseUrl: string, chatId: string) => `${baseUrl}/console/#/chat/${chatId}`

/** A ticket's webhook message id: the same on every retry, so receivers can drop one they have seen. */
export const webhookId = (ticketId: string) => `msg_ticket_${ticketId}`

/** Deliveries one node runs at once. */
const WEBHOOK_WORKERS = 4

export type Tickets = ReturnType<typeof createTickets>

/** Creates the ticket service; `start()` begins delivering webhooks. */
export const createTickets = (deps: {
  store: Store
  config: Readonly<RelayConfig>
  now?: () => number
  onError?: (err: unknown) => void
  /** called after every webhook attempt (the console refreshes the ticket) */
  onWebhook?: (ticket: Ticket) => void
}) => {
  const { store, config } = deps
  const now = deps.now ?? Date.now
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined

  const payload = async (t: Ticket) => {
    const [messages, notes] = await Promise.all([store.messagesAfter(t.chatId, 0, 10_000), store.listNotes(t.chatId)])
    return JSON.stringify({
      event: 'ticket.created',
      ticket: {
        id: t.id,
        number: t.number,
        title: t.title,
        status: t.status,
        tags: t.tags,
        note: t.note,
        createdAt: t.createdAt,
        rating: t.rating,
        ratingComment: t.ratingComment,
        offline: !!t.offline,
        outsideHours: !!t.outsideHours
      },
      // Internal notes travel with the ticket (to the help desk), never to the customer.
      notes: notes.map(({ name, text, at }) => ({ name, text, at })),
      customer: t.customer,
      chatUrl: t.chatUrl,
      transcript: messages.map(({ seq, from, name, parts, at, event }) => ({ seq, from, name, parts, at, event }))
    })
  }

  const deliver = async (t: Ticket) => {
    const attempts = t.webhook.attempts + 1
    let error: string | undefined
    try {
      const body = await payload(t)
      const res = await fetch(config.webhookUrl, {
        method: 'POST',
        // Signed per attempt (Standard Webhooks): a fresh timestamp, the same id on every retry.
        headers: {
          'content-type': 'application/json',
          'x-parley-event': 'ticket.created',
          ...webhookHeaders(config.webhookSecret, webhookId(t.id), Math.floor(now() / 1000), body)
        },
        body,
        // Within the lease: no other node may claim it again while this request can still succeed.
        signal: AbortSignal.timeout(Math.min(10_000, config.webhookLeaseMs / 2))
      })
      if (res.ok) {
        await store.setWebhookResult(t.id, { status: 'delivered', attempts })
      } else error = `HTTP ${res.status}`
    } catch (e) {
      // fetch says only "fetch failed"; the cause names it (ECONNREFUSED, ENOTFOUND, a timeout).
      const err = e as Error & { cause?: { code?: string; message?: string } }
      error = [err.message || 'request failed', err.cause?.code ?? err.cause?.message].filter(Boolean).join(': ')
    }
    if (error) {
      const gaveUp = attempts >= config.webhookMaxAttempts
      await store.setWebhookResult(t.id, {
        status: gaveUp ? 'failed' : 'pending',
        attempts,
        error,
        ...(gaveUp ? {} : { nextAt: now() + backoffMs(attempts - 1, 1000, 15 * 60_000) })
      })
    }
    const after = await store.getTicket(t.id)
    if (after) deps.onWebhook?.(after)
  }

  /**
   * Delivers the due webhooks this node claims (with several nodes, each delivery is claimed by one
   * of them); exported for tests and for the timer.
   */
  const deliverDue = async () => {
    if (!config.webhookUrl) return
    const claimedAt = now()
    const claimed = await store.claimDueWebhooks(claimedAt, config.webhookLeaseMs)
    // A few at a time. One whose request could not end within the lease is not started: its lease
    // runs out and the next claim (here or on another node) takes it, rather than two nodes POSTing it.
    const worker = async () => {
      for (let t = claimed.shift(); t; t = claimed.shift()) {
        if (now() - claimedAt > config.webhookLeaseMs / 2) return
        await deliver(t)
      }
    }
    await Promise.all(Array.from({ length: WEBHOOK_WORKERS }, worker))
  }

  const tick = () => {
    if (running) return
    running = deliverDue()
      .catch(deps.onError ?? (() => {}))
      .finally(() => (running = undefined))
  }

  return {
    /** Makes the ticket for an ended chat, or returns the one it already has. */
    async fromChat(chatId: string, agentId: string | undefined, baseUrl: string): Promise<{ ticket: Ticket; created: boolean }> {
      const chat = await store.getChat(chatId)
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      if (chat.status !== 'ended') throw new ERR_CONFLICT('A chat can be turned into a ticket once it has ended')
      const visitor = await store.getVisitor(chat.visitorId)
      const link = chatLink(config.publicUrl || baseUrl, chatId)
      const messages = await store.messagesAfter(chatId, 0, 10_000)
      const customer = { ...(visitor?.name ? { name: visitor.name } : {}), ...(visitor?.email ? { email: visitor.email } : {}) }
      const notes = await store.listNotes(chatId)
      const note = ticketNote({ chat, link, messages, notes, customerName: visitor?.name ?? visitor?.email ?? 'Customer' })
      const made = await store.createTicket({
        chatId,
        title: chat.title,
        customer,
        tags: chat.tags,
        status: 'open',
        note,
        chatUrl: link,
        createdAt: now(),
        ...(agentId ? { createdBy: agentId } : {}),
        webhook: !!config.webhookUrl,
        ...(chat.rating ? { rating: chat.rating } : {}),
        ...(chat.ratingComment ? { ratingComment: chat.ratingComment } : {}),
        ...(chat.offline ? { offline: true } : {}),
        ...(chat.outsideHours ? { outsideHours: true } : {})
      })
      if (made.created) tick()
      return made
    },
    deliverDue,
    /** Delivers due webhooks now rather than at the next poll. */
    kick: tick,
    /** Makes a ticket's webhook due again now (after a failure); call `kick()` once that is announced. */
    async retry(ticketId: string): Promise<Ticket> {
      const t = await store.getTicket(ticketId)
      if (!t) throw new ERR_NOT_FOUND('Ticket')
      if (!config.webhookUrl) throw new ERR_CONFLICT('No webhook is configured (PARLEY_WEBHOOK_URL)')
      if (t.webhook.status === 'delivered') throw new ERR_CONFLICT('This ticket was delivered already')
      await store.setWebhookResult(t.id, { status: 'pending', attempts: 0, nextAt: now() })
      return (await store.getTicket(t.id))!
    },
    /** Polls for due deliveries every `webhookPollMs`. */
    start() {
      if (config.webhookUrl && !timer) {
        timer = setInterval(tick, config.webhookPollMs)
        timer.unref()
      }
    },
    async stop() {
      clearInterval(timer)
      timer = undefined
      await running
    }
  }
}
