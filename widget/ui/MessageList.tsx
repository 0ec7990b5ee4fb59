// The transcript. It stays scrolled to the newest message without any script: the outer box is a
// reversed flex column, whose scroll origin is its bottom.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { ShownMessage } from '../state.js'
import type { Strings } from '../strings.js'
import { Message } from './Message.js'

/** Props of the transcript. */
export interface MessageListProps {
  messages: ShownMessage[]
  t: Strings
  retry(id: string): void
}

/** The messages in order, or a greeting before the first one; new messages are announced politely. */
export const MessageList = ({ messages, t, retry }: MessageListProps) => (
  <div class="list">
    <ul aria-live="polite">
      {messages.length ? (
        messages.map((m) => <Message key={m.id} m={m} t={t} retry={retry} />)
      ) : (
        <li class="hi">{t.hello}</li>
      )}
    </ul>
  </div>
)
