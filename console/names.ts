// How people and events are named in the lists and the transcript.
import { partsText, type ChatMessage, type ChatSummary } from '../protocol/index.js'

/** The customer's name, or "Visitor" when they gave none. */
export const customerName = (chat: ChatSummary | undefined): string => chat?.customer.name?.trim() || 'Visitor'

/**
 * The sentence a system message stands for, e.g. "Anna joined the chat". The relay names the
 * customer `customer` when they ended the chat; `customer` is their display name for that case.
 */
export const eventText = (m: ChatMessage, customer = 'The customer'): string => {
  const who = m.name === 'customer' ? customer : (m.name ?? 'Someone')
  switch (m.event) {
    case 'joined':
      return who + ' joined the chat'
    case 'left':
      return who + ' left the chat'
    case 'ended':
      return m.name ? who + ' ended the chat' : 'The chat ended'
    case 'transferred':
      return 'Chat transferred to ' + who
    case 'requeued':
      return 'The chat went back to the waiting queue'
    case undefined:
      return partsText(m.parts)
  }
}
