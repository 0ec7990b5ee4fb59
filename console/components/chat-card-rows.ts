import type { ChatSummary, Claim } from '../../protocol/index.js'
import { formatClock, formatWait } from '../format.js'
import type { CardRow } from './InfoCard.js'

const proven = (chat: ChatSummary, claim: Claim): Claim | undefined => (chat.customer.verified.includes(claim) ? claim : undefined)

/**
 * The info card rows of a chat: who the customer is, how long they have waited or chatted (with
 * `now`, ms since epoch), what they asked first, where they came from, what the site told us.
 */
export const chatCardRows = (chat: ChatSummary, now?: number): CardRow[] => [
  // Each identity field carries the site's proof of exactly that field, if any (VerifiedMark).
  ['Name', chat.customer.name, proven(chat, 'name')],
  ['Email', chat.customer.email, proven(chat, 'email')],
  ['User id', chat.customer.externalId, proven(chat, 'id')],
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
