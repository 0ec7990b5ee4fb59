import { useState } from 'preact/hooks'
import type { AgentSelf, AgentSummary, Ticket } from '../../protocol/index.js'
import type { ChatView } from '../chat-view.js'
import { customerName } from '../names.js'
import type { Action } from '../reducer.js'
import { useMedia } from '../use-media.js'
import { ChatWindow } from './ChatWindow.js'

/** Where chats may stand side by side: two columns of ~450 px next to the panel. */
const WIDE = '(min-width: 1200px)'

/** Where the agent's choice of layout is kept. */
const LAYOUT_KEY = 'parley:layout'

const savedLayout = (): boolean => {
  try {
    return localStorage.getItem(LAYOUT_KEY) === 'columns'
  } catch {
    return false
  }
}

/** Props of {@link ChatArea}. */
export interface ChatAreaProps {
  /** open chats in tab order */
  chats: ChatView[]
  active: string | null
  me: AgentSelf | null
  /** agents with chat on (the Active agents list) */
  agents: AgentSummary[]
  /** tickets by chat id */
  tickets: Record<string, Ticket>
  dispatch(action: Action): void
}

/**
 * The open chats as tabs (arrow keys move between them) and the chat in front, or on wide screens,
 * if the agent asks, every open chat side by side.
 */
export function ChatArea({ chats, active, me, agents, tickets, dispatch }: ChatAreaProps) {
  const wide = useMedia(WIDE)
  const [sideBySide, setSideBySide] = useState(savedLayout)
  const current = chats.find((c) => c.id === active) ?? chats[0]
  if (!current)
    return (
      <div class="chat-empty">
        <h1 class="sr-only">Chats</h1>
        <p class="chat-empty-title">No open chats</p>
        <p>Answer a customer from Waiting customers in the panel.</p>
      </div>
    )

  const move = (ev: KeyboardEvent, index: number) => {
    const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0
    const to = ev.key === 'Home' ? 0 : ev.key === 'End' ? chats.length - 1 : index + step
    if (!step && ev.key !== 'Home' && ev.key !== 'End') return
    ev.preventDefault()
    const target = chats[(to + chats.length) % chats.length]
    if (!target) return
    dispatch({ type: 'focus', chatId: target.id })
    document.getElementById('tab-' + target.id)?.focus()
  }

  const columns = wide && sideBySide && chats.length > 1
  const toggle = () => {
    setSideBySide(!sideBySide)
    try {
      localStorage.setItem(LAYOUT_KEY, sideBySide ? 'tabs' : 'columns')
    } catch {
      // The choice lasts until the next reload.
    }
  }
  const windowOf = (chat: ChatView) => (
    <ChatWindow
      key={chat.id}
      chat={chat}
      me={me}
      front={chat.id === current.id}
      transferTo={agents.filter((a) => a.id !== me?.id && a.chats < a.maxChats)}
      ticket={tickets[chat.id]}
      dispatch={dispatch}
    />
  )

  return (
    <div class={'chat-area' + (columns ? ' is-columns' : '')}>
      {/* The view's top-level heading, for screen readers; sighted agents see the tabs. */}
      <h1 class="sr-only">Chats</h1>
      <div class="tabs-bar">
        <div class="tabs" role="tablist" aria-label="Open chats">
          {chats.map((chat, i) => {
            const selected = chat.id === current.id
            const ended = chat.summary?.status === 'ended'
            return (
              <button
                key={chat.id}
                type="button"
                role="tab"
                id={'tab-' + chat.id}
                class={'tab' + (ended ? ' is-ended' : '')}
                aria-selected={selected ? 'true' : 'false'}
                aria-controls={'panel-' + chat.id}
                tabIndex={selected ? 0 : -1}
                title={i < 9 ? 'Alt+' + (i + 1) : undefined}
                onClick={() => dispatch({ type: 'focus', chatId: chat.id })}
                onKeyDown={(ev) => move(ev, i)}
              >
                {customerName(chat.summary)}
                {chat.typing && !ended && (
                  <span class="tab-typing" aria-hidden="true">
                    {' '}
                    …
                  </span>
                )}
                {chat.unread > 0 && (
                  <span class="badge has-count" data-testid="unread">
                    {chat.unread}
                    <span class="sr-only"> unread</span>
                  </span>
                )}
                {ended && <span class="tab-note"> (ended)</span>}
              </button>
            )
          })}
        </div>
        {wide && chats.length > 1 && (
          <button type="button" class="button layout-toggle" aria-pressed={sideBySide ? 'true' : 'false'} onClick={toggle}>
            Side by side
          </button>
        )}
      </div>
      {columns ? <div class="columns">{chats.map(windowOf)}</div> : windowOf(current)}
    </div>
  )
}
