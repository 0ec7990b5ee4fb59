import type { ChatSummary } from '../../protocol/index.js'
import { formatWait } from '../format.js'
import { customerName } from '../names.js'
import { chatCardRows } from './chat-card-rows.js'
import { InfoCard } from './InfoCard.js'

/** Props of {@link WaitingList}. */
export interface WaitingListProps {
  /** oldest first */
  chats: ChatSummary[]
  /** ms since epoch, ticking */
  now: number
  /** chats whose accept is on its way */
  accepting: string[]
  onAccept(chatId: string): void
}

/** Customers waiting for an agent; clicking (or Enter on) an entry answers the chat. */
export function WaitingList({ chats, now, accepting, onAccept }: WaitingListProps) {
  if (chats.length === 0) return <p class="empty">No one is waiting.</p>
  return (
    <ul class="entries" aria-labelledby="waiting-heading">
      {chats.map((chat) => {
        const name = customerName(chat)
        const busy = accepting.includes(chat.id)
        return (
          <li key={chat.id} class="entry">
            <button
              type="button"
              class="entry-button waiting"
              data-testid="waiting-item"
              data-chat-id={chat.id}
              aria-describedby={'card-' + chat.id}
              aria-busy={busy ? 'true' : undefined}
              disabled={busy}
              onClick={() => onAccept(chat.id)}
            >
              <span class="sr-only">Answer chat with </span>
              <span class="entry-name">{name}</span>{' '}
              <span class="entry-meta" data-testid="waiting-time">
                {formatWait(now - chat.createdAt)}
              </span>{' '}
              <span class="entry-text">{chat.firstText}</span>
            </button>
            <InfoCard id={'card-' + chat.id} heading={name} rows={chatCardRows(chat, now)} />
          </li>
        )
      })}
    </ul>
  )
}
