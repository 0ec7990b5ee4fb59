// The chat window: header, notice, transcript, typing indicator, and the composer (after the
// pre-chat form, when the site has one) or, once the chat has ended, its rating, transcript and the
// way to start another. While no one can answer in mode `form`, the offline form instead. Images
// dropped anywhere on it are sent. The forms come from the forms chunk (./Later.tsx).
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import { canOpen } from '../state.js'
import { fmt, say } from '../strings.js'
import type { View } from './actions.js'
import { Composer } from './Composer.js'
import { Ended } from './Ended.js'
import { Header } from './Header.js'
import { Later } from './Later.js'
import { MessageList } from './MessageList.js'

/** The chat window, a dialog named by the title; Escape closes it. */
export const Panel = (v: View) => {
  const { s, t, a } = v
  const { chat, messages } = s
  const notice = s.notice ? (say(t, s.notice) ?? t.oops) : canOpen(s) || v.leave ? '' : t.unavailable
  return (
    <div
      class="panel"
      role="dialog"
      aria-label={v.title}
      onKeyDown={(e) => e.key === 'Escape' && a.close()}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const files = e.dataTransfer?.files
        if (files?.length && chat?.status !== 'ended' && !v.leave) {
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
      {v.leave ? (
        <Later v={v} draw={(m) => <m.Leave {...v} />} />
      ) : (
        [
          <MessageList {...v}>{chat?.status === 'ended' && <Ended {...v} />}</MessageList>,
          s.typing !== undefined && <p class="typing">{fmt(t.typing, s.typing || chat?.agentName || t.agent)}</p>,
          chat?.status === 'ended' ? null : v.pre.length && !chat && !messages.length && canOpen(s) ? (
            <Later v={v} draw={(m) => <m.PreChat {...v} />} />
          ) : (
            <Composer {...v} />
          )
        ]
      )}
    </div>
  )
}
