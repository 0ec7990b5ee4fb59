import type { ChatSummary } from '../../protocol/index.js'
import { formatClock, formatWait } from '../format.js'

/**
 * The info card rows of a chat: who the customer is, how long they have waited or chatted (with
 * `now`, ms since epoch), what they asked first, where they came from, what the site told us.
 */
export const chatCardRows = (chat: ChatSummary, now?: number): [string, string | undefined][] => [
  ['Email', chat.customer.email && chat.customer.email + (chat.customer.verified ? ' (verified)' : '')],
  ['Started', formatClock(chat.createdAt)],
  chat.status === 'waiting'
    ? ['Waiting', now === undefined ? undefined : formatWait(now - chat.createdAt)]
    : ['Chatting', now === undefined || chat.status !== 'active' ? undefined : formatWait(now - (chat.answeredAt ?? chat.createdAt))],
  ['First message', chat.firstText],
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
