import type { ChatSummary } from '../../protocol/index.js'
import { formatClock } from '../format.js'

/** The info card rows of a chat: who the customer is, where they came from, what the site told us. */
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
  ['Browser', [chat.browser, chat.os].filter(Boolean).join(' on ')],
  ['Tags', chat.tags.join(', ')],
  ...Object.entries(chat.attributes ?? {})
]
