// The transcript. It stays scrolled to the newest message without any script: the outer box is a
// reversed flex column, whose scroll origin is its bottom. What follows the messages (the end of a
// chat: rating, transcript) scrolls with them.
/** @jsxRuntime classic */
/** @jsx h */
import { h, type ComponentChildren } from 'preact'
import type { View } from './actions.js'
import { Message } from './Message.js'

/** The messages in order, or a greeting before the first one; new messages are announced politely. "Seen" goes under the customer's last message once the agent has read it. */
export const MessageList = (v: View & { children?: ComponentChildren }) => {
  const { messages, seen } = v.s
  const last = messages.filter((m) => m.from === 'customer' && m.seq).pop()
  return (
    <div class="list">
      <div>
        <ul aria-live="polite">
          {messages.length ? (
            messages.map((m) => <Message key={m.id} m={m} v={v} seen={m === last && m.seq <= seen} />)
          ) : (
            <li class="hi">{v.site.greeting || v.t.hello}</li>
          )}
        </ul>
        {v.children}
      </div>
    </div>
  )
}
