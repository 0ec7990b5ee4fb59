import { useState } from 'preact/hooks'
import { randomId, type AgentSelf, type AgentSummary, type Ticket } from '../../protocol/index.js'
import type { ChatView } from '../chat-view.js'
import { customerName } from '../names.js'
import type { Action } from '../reducer.js'
import { isMine } from '../reducer.js'
import { useImageUpload } from '../use-image-upload.js'
import { ChatFacts } from './ChatFacts.js'
import { ChatHeader } from './ChatHeader.js'
import { Composer } from './Composer.js'
import { CustomerDetails } from './CustomerDetails.js'
import { MessageList } from './MessageList.js'
import { TicketPanel } from './TicketPanel.js'

/** Props of {@link ChatWindow}. */
export interface ChatWindowProps {
  chat: ChatView
  me: AgentSelf | null
  /** the chat in front (side by side, the others stay visible) */
  front: boolean
  /** agents this chat can be handed to */
  transferTo: AgentSummary[]
  /** the ticket made from this chat, when known */
  ticket?: Ticket
  dispatch(action: Action): void
}

/** One chat: header, customer details, the transcript, then the composer or how the chat ended. */
export function ChatWindow({ chat, me, front, transferTo, ticket, dispatch }: ChatWindowProps) {
  const summary = chat.summary
  const name = customerName(summary)
  const mine = isMine(summary, me)
  const ended = summary?.status === 'ended'
  const elsewhere = !mine && !ended && summary !== undefined
  const images = useImageUpload(chat.id, dispatch)
  // A chat that is not the agent's keeps its transcript in view: the note box opens on request (or with a draft in it).
  const [noting, setNoting] = useState(false)

  return (
    <section
      class={'chat-window' + (ended ? ' is-ended' : '') + (front ? ' is-front' : '')}
      onFocusIn={() => !front && dispatch({ type: 'focus', chatId: chat.id })}
      id={'panel-' + chat.id}
      role="tabpanel"
      aria-labelledby={'tab-' + chat.id}
      data-testid="chat-window"
      data-chat-id={chat.id}
    >
      <ChatHeader chatId={chat.id} name={name} summary={summary} mine={mine} transferTo={transferTo} dispatch={dispatch} />
      {summary && <ChatFacts summary={summary} />}
      {summary && <CustomerDetails summary={summary} tech={chat.tech} dispatch={dispatch} />}
      <MessageList
        messages={chat.messages}
        outgoing={chat.outgoing}
        customerName={name}
        meName={me?.displayName}
        notes={chat.notes}
        noteOutgoing={chat.noteOutgoing}
        customerRead={chat.customerRead}
        onRetry={(id) => dispatch({ type: 'retry', chatId: chat.id, id })}
      />
      {ended && (
        <div class="chat-banner">
          <p role="status" data-testid="chat-ended">
            Chat ended
          </p>
          <TicketPanel chatId={chat.id} ticket={ticket} ticketId={summary.ticketId} dispatch={dispatch} />
        </div>
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
          {/* The live region stays; its content (and the test id) only while the customer types. */}
          <p class="typing" role="status">
            {chat.typing && (
              <span data-testid="typing">
                Customer is typing…
                {chat.typing.text && <q class="typing-preview">{chat.typing.text}</q>}
              </span>
            )}
          </p>
          <Composer
            chatId={chat.id}
            front={front}
            draft={chat.draft}
            values={{ 'customer.name': summary?.customer.name, 'customer.email': summary?.customer.email, 'agent.name': me?.displayName }}
            onDraft={(text) => dispatch({ type: 'draft', chatId: chat.id, text })}
            onSend={(text) => dispatch({ type: chat.composing === 'note' ? 'note' : 'send', chatId: chat.id, id: randomId(), text, at: Date.now() })}
            onTyping={(on) => dispatch({ type: 'typing', chatId: chat.id, on })}
            onImages={(files) => files.forEach((f) => void images.send(f))}
            uploading={images.uploading}
            mode={chat.composing}
            onMode={(mode) => dispatch({ type: 'compose', chatId: chat.id, mode })}
          />
        </>
      )}
      {!mine && summary && !noting && chat.draft === '' && (
        <div class="note-open">
          <button type="button" class="button small" onClick={() => setNoting(true)}>
            Add an internal note
          </button>
        </div>
      )}
      {!mine && summary && (noting || chat.draft !== '') && (
        // Any agent may leave a note on a chat they can open: one they read along, one waiting, one ended.
        <Composer
          chatId={chat.id}
          front={noting}
          draft={chat.draft}
          values={{ 'customer.name': summary.customer.name, 'customer.email': summary.customer.email, 'agent.name': me?.displayName }}
          onDraft={(text) => dispatch({ type: 'draft', chatId: chat.id, text })}
          onSend={(text) => dispatch({ type: 'note', chatId: chat.id, id: randomId(), text, at: Date.now() })}
          onTyping={() => {}}
          onImages={() => {}}
          uploading={0}
          mode="note"
        />
      )}
    </section>
  )
}
