import type { ChatSummary } from '../../protocol/index.js'
import { formatWait } from '../format.js'
import { customerName } from '../names.js'
import { chatCardRows } from './chat-card-rows.js'
import { InfoCard } from './InfoCard.js'

/** Props of {@link ChattingList}. */
export interface ChattingListProps {
  chats: ChatSummary[]
  /** this agent's id: their own chats are marked "with you" */
  meId: string | undefined
  /** ms since epoch, ticking */
  now: number
  /** unread customer messages by chat id */
  unread?: Record<string, number>
  onOpen(chatId: string): void
}

/** Customers in an ongoing chat, with their agent; an entry opens the chat (others' chats read-only). */
export function ChattingList({ chats, meId, now, unread = {}, onOpen }: ChattingListProps) {
  if (chats.length === 0) return <p class="empty">No chats in progress.</p>
  return (
    <ul class="entries" aria-labelledby="chatting-heading">
      {chats.map((chat) => {
        const name = customerName(chat)
        const mine = chat.agentId !== undefined && chat.agentId === meId
        const body = (
          <>
            <span class="entry-name">
              {name}
              {(unread[chat.id] ?? 0) > 0 && (
                <span class="badge has-count unread-badge" data-testid="chatting-unread">
                  {unread[chat.id]}
                  <span class="sr-only"> unread</span>
                </span>
              )}
            </span>{' '}
            <span class="entry-meta">{formatWait(now - (chat.answeredAt ?? chat.createdAt))}</span>{' '}
            <span class="entry-text">{mine ? 'with you' : 'with ' + (chat.agentName ?? 'an agent')}</span>
          </>
        )
        return (
          <li key={chat.id} class="entry">
            <button
              type="button"
              class={'entry-button' + (mine ? ' mine' : '')}
              data-testid="chatting-item"
              data-chat-id={chat.id}
              aria-describedby={'card-' + chat.id}
              onClick={() => onOpen(chat.id)}
            >
              <span class="sr-only">{mine ? 'Show chat with ' : 'Read chat with '}</span>
              {body}
            </button>
            <InfoCard id={'card-' + chat.id} heading={name} rows={chatCardRows(chat, now)} />
          </li>
        )
      })}
    </ul>
  )
}
