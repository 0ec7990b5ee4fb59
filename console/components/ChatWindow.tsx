import { randomId, type AgentSelf, type AgentSummary } from '../../protocol/index.js'
import type { ChatView } from '../chat-view.js'
import { customerName } from '../names.js'
import type { Action } from '../store.js'
import { isMine } from '../store.js'
import { chatCardRows } from './chat-card-rows.js'
import { Composer } from './Composer.js'
import { MessageList } from './MessageList.js'
import { TransferControl } from './TransferControl.js'

/** Props of {@link ChatWindow}. */
export interface ChatWindowProps {
  chat: ChatView
  me: AgentSelf | null
  /** agents this chat can be handed to */
  transferTo: AgentSummary[]
  dispatch(action: Action): void
}

/** One chat: header with details and End chat, the transcript, typing state and the composer. */
export function ChatWindow({ chat, me, transferTo, dispatch }: ChatWindowProps) {
  const summary = chat.summary
  const name = customerName(summary)
  const mine = isMine(summary, me)
  const ended = summary?.status === 'ended'
  const elsewhere = !mine && !ended && summary !== undefined
  const details = summary ? chatCardRows(summary).filter(([, v]) => v) : []

  return (
    <section
      class={'chat-window' + (ended ? ' is-ended' : '')}
      id={'panel-' + chat.id}
      role="tabpanel"
      aria-labelledby={'tab-' + chat.id}
      data-testid="chat-window"
      data-chat-id={chat.id}
    >
      <header class="chat-header">
        <div class="chat-title">
          <h2 class="chat-name">
            {name}
            {summary?.customer.verified && (
              <span class="verified" title="Identity verified">
                {' '}
                ✓<span class="sr-only"> verified</span>
              </span>
            )}
          </h2>
          {summary && summary.title !== name && <p class="chat-subtitle">{summary.title}</p>}
        </div>
        {mine && <TransferControl agents={transferTo} onTransfer={(to) => dispatch({ type: 'transfer', chatId: chat.id, to })} />}
        {mine && (
          <button type="button" class="button danger" onClick={() => dispatch({ type: 'end', chatId: chat.id })}>
            End chat
          </button>
        )}
        {!mine && (
          <button type="button" class="button" onClick={() => dispatch({ type: 'close', chatId: chat.id })}>
            Close chat
          </button>
        )}
      </header>
      {details.length > 0 && (
        <details class="chat-details">
          <summary>Customer details</summary>
          <dl class="card-rows">
            {details.map(([label, value], i) => (
              <div key={i} class="card-row">
                <dt>{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </details>
      )}
      <MessageList
        messages={chat.messages}
        outgoing={chat.outgoing}
        customerName={name}
        meName={me?.displayName}
        onRetry={(id) => dispatch({ type: 'retry', chatId: chat.id, id })}
      />
      {ended && (
        <p class="chat-banner" role="status" data-testid="chat-ended">
          Chat ended
        </p>
      )}
      {elsewhere && (
        <p class="chat-banner" role="status">
          {summary.status === 'waiting'
            ? 'This chat is waiting for an agent.'
            : (summary.agentName ?? 'Another agent') + ' is in this chat. You are reading along.'}
        </p>
      )}
      {mine && (
        <>
          <p class="typing" role="status" data-testid="typing">
            {chat.typing && (
              <>
                Customer is typing…
                {chat.typing.text && <q class="typing-preview">{chat.typing.text}</q>}
              </>
            )}
          </p>
          <Composer
            chatId={chat.id}
            draft={chat.draft}
            onDraft={(text) => dispatch({ type: 'draft', chatId: chat.id, text })}
            onSend={(text) => dispatch({ type: 'send', chatId: chat.id, id: randomId(), text, at: Date.now() })}
            onTyping={(on) => dispatch({ type: 'typing', chatId: chat.id, on })}
          />
        </>
      )}
    </section>
  )
}
