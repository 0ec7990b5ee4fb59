// The English sentence a system message stands for, in one place for every program that writes
// it as text: the console's transcript and the relay's ticket notes and webhooks. (The widget says
// the same in the visitor's language from its locale strings.)
import type { ChatMessage } from './chat.js'
import { partsText } from './parts.js'

/**
 * The sentence for a message, e.g. "Anna joined the chat"; a message without an event is its text.
 * The relay names the customer `customer` when they ended the chat; `customer` is their display name.
 */
export const eventSentence = (m: ChatMessage, customer = 'The customer'): string => {
  const who = m.name === 'customer' ? customer : (m.name ?? 'Someone')
  switch (m.event) {
    case 'joined':
      return who + ' joined the chat'
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
