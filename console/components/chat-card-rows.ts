import type { ChatSummary, Claim } from '../../protocol/index.js'
import { arrivalText, ratingText } from '../chat-facts.js'
import { formatClock, formatWait } from '../format.js'
import type { CardRow } from './InfoCard.js'

const proven = (chat: ChatSummary, claim: Claim): Claim | undefined => (chat.customer.verified.includes(claim) ? claim : undefined)

/**
 * The info card rows of a chat: who the customer is, how long they have waited or chatted (with
 * `now`, ms since epoch), the pre-chat topic, what they asked first, how the chat came in and how
 * they rated it, where they came from, what the site told us.
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
  ['Topic', chat.topic],
  ['First message', chat.firstText],
  ['Came in', arrivalText(chat)],
  ['Agent', chat.agentName],
  ['Rating', ratingText(chat.rating, chat.ratingComment)],
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
