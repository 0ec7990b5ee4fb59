import { useState } from 'preact/hooks'
import type { AgentSummary, ChatSummary } from '../../protocol/index.js'
import type { Action } from '../reducer.js'
import { VerifiedMark } from './VerifiedMark.js'
import { ChatDetailsForm } from './ChatDetailsForm.js'
import { TransferControl } from './TransferControl.js'

/** Props of {@link ChatHeader}. */
export interface ChatHeaderProps {
  chatId: string
  /** the customer's name */
  name: string
  summary?: ChatSummary
  /** whether this is an active chat of this agent */
  mine: boolean
  transferTo: AgentSummary[]
  dispatch(action: Action): void
}

/** What the subtitle shows: the chat's title, or an invitation to give it one. */
const subtitleOf = (summary: ChatSummary, name: string): string => (summary.title !== name ? summary.title : 'Add a title')

/** The subtitle button's accessible name: what it shows (title and tags, as WCAG's label-in-name asks), then what it does. */
const subtitleName = (summary: ChatSummary, name: string): string => [subtitleOf(summary, name), ...summary.tags].join(' ') + ', edit chat details'

/** The chat's name, title and tags (click to edit them), transfer, and End chat or Close chat. */
export function ChatHeader({ chatId, name, summary, mine, transferTo, dispatch }: ChatHeaderProps) {
  const [editing, setEditing] = useState(false)
  return (
    <header class="chat-header">
      <div class="chat-title">
        <h2 class="chat-name">
          {name}
          {summary?.customer.verified.includes('name') && <VerifiedMark claim="name" />}
        </h2>
        {summary && !editing && (
          <button type="button" class="chat-subtitle link-like" aria-label={subtitleName(summary, name)} onClick={() => setEditing(true)}>
            {subtitleOf(summary, name)}
            {summary.tags.map((t) => (
              <span key={t} class="tag">
                {t}
              </span>
            ))}
          </button>
        )}
        {summary && editing && <ChatDetailsForm chat={summary} dispatch={dispatch} onDone={() => setEditing(false)} />}
      </div>
      {mine && <TransferControl agents={transferTo} onTransfer={(to) => dispatch({ type: 'transfer', chatId, to })} />}
      {mine ? (
        <button type="button" class="button danger" onClick={() => dispatch({ type: 'end', chatId })}>
          End chat
        </button>
      ) : (
        <button type="button" class="button" onClick={() => dispatch({ type: 'close', chatId })}>
          Close chat
        </button>
      )}
    </header>
  )
}
