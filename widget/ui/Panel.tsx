// The chat window: header, notice, transcript, typing indicator, and the composer or, once the
// chat has ended, the way to start another. Images dropped anywhere on it are sent.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import { canOpen } from '../state.js'
import { fmt, say } from '../strings.js'
import type { View } from './actions.js'
import { Composer } from './Composer.js'
import { Header } from './Header.js'
import { MessageList } from './MessageList.js'

/** The chat window, a dialog named by the title; Escape closes it. */
export const Panel = (v: View) => {
  const { s, t, a } = v
  const { chat, messages } = s
  const notice = s.notice ? (say(t, s.notice) ?? t.oops) : canOpen(s) ? '' : t.unavailable
  return (
    <div
      class="panel"
      role="dialog"
      aria-label={v.title}
      onKeyDown={(e) => e.key === 'Escape' && a.close()}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const files = e.dataTransfer?.files
        if (files?.length && chat?.status !== 'ended') {
          e.preventDefault()
          a.files(files)
        }
      }}
    >
      <Header {...v} />
      {notice && (
        <p class="note" role="status">
          {notice}
        </p>
      )}
      <MessageList {...v} />
      {s.typing !== undefined && <p class="typing">{fmt(t.typing, s.typing || chat?.agentName || t.agent)}</p>}
      {chat?.status === 'ended' ? (
        <div class="ended">
          {!messages.some((m) => m.event === 'ended') && <p>{t.ended}</p>}
          <button type="button" disabled={!s.available} onClick={a.newChat}>
            {t.newChat}
          </button>
        </div>
      ) : (
        <Composer {...v} />
      )}
    </div>
  )
}
