// The chat window: header, notice, transcript, typing indicator, and the composer or, once the
// chat has ended, the way to start another.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import { canOpen, inProgress, type ChatState } from '../state.js'
import type { Strings } from '../strings.js'
import type { Actions } from './actions.js'
import { Composer } from './Composer.js'
import { Header } from './Header.js'
import { MessageList } from './MessageList.js'

/** Props of the chat window. */
export interface PanelProps {
  s: ChatState
  t: Strings
  title: string
  a: Actions
}

/** The chat window, a dialog named by the title; Escape closes it. */
export const Panel = ({ s, t, title, a }: PanelProps) => {
  const { chat, messages } = s
  const ended = chat?.status === 'ended'
  const notice = s.notice ? (t.notice[s.notice] ?? t.oops) : canOpen(s) ? '' : t.notice.unavailable
  return (
    <div class="panel" role="dialog" aria-label={title} onKeyDown={(e) => e.key === 'Escape' && a.close()}>
      <Header title={title} chat={chat} t={t} close={a.close} end={chat && !ended ? a.end : undefined} />
      {notice && (
        <p class="note" role="status">
          {notice}
        </p>
      )}
      <MessageList messages={messages} t={t} retry={a.retry} />
      {s.typing !== undefined && <p class="typing">{t.typing(s.typing || chat?.agentName || '')}</p>}
      {ended ? (
        <div class="ended">
          {!messages.some((m) => m.event === 'ended') && <p>{t.event.ended()}</p>}
          <button type="button" disabled={!s.available} onClick={a.newChat}>
            {t.newChat}
          </button>
        </div>
      ) : (
        <Composer t={t} disabled={!canOpen(s)} send={a.send} typing={a.typing} />
      )}
    </div>
  )
}
