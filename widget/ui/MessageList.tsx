// The transcript. It stays scrolled to the newest message without any script: the outer box is a
// reversed flex column, whose scroll origin is its bottom.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { View } from './actions.js'
import { Message } from './Message.js'

/** The messages in order, or a greeting before the first one; new messages are announced politely. */
export const MessageList = (v: View) => (
  <div class="list">
    <ul aria-live="polite">
      {v.s.messages.length ? v.s.messages.map((m) => <Message key={m.id} m={m} v={v} />) : <li class="hi">{v.site.greeting || v.t.hello}</li>}
    </ul>
  </div>
)
