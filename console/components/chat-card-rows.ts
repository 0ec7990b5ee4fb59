import type { ChatSummary } from '../../protocol/index.js'
import { formatClock } from '../format.js'

/** The info card rows of a chat: who the customer is and where they came from. */
export const chatCardRows = (chat: ChatSummary): [string, string | undefined][] => [
  ['Email', chat.customer.email && chat.customer.email + (chat.customer.verified ? ' (verified)' : '')],
  ['Started', formatClock(chat.createdAt)],
  ['Agent', chat.agentName],
  ['Page', chat.visitor.title || chat.visitor.url],
  ['Address', chat.visitor.title ? chat.visitor.url : undefined],
  ['Came from', chat.visitor.referrer],
  ['Language', chat.visitor.lang],
  ['Time zone', chat.visitor.tz],
  ['Screen', chat.visitor.screen],
  ['Tags', chat.tags.join(', ')]
]
