// The chat window's header: title, where the chat stands, "End chat" and close.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import { fmt } from '../strings.js'
import type { View } from './actions.js'
import { CROSS, Icon } from './Icon.js'

/** The header, in the accent colour. A div, not <header>: the host page's banner landmark stays the only one. */
export const Header = ({ s: { chat }, t, title, a, leave }: View) => (
  <div class="head">
    <div>
      <h2 class="t">{title}</h2>
      {leave && <p>{t.leave}</p>}
      {chat?.status === 'waiting' && <p>{t.waiting + (chat.position ? fmt(t.position, chat.position) : '')}</p>}
      {chat?.status === 'active' && <p>{fmt(t.chatting, chat.agentName || t.agent)}</p>}
    </div>
    {chat && chat.status !== 'ended' && (
      <button type="button" class="end" onClick={a.end}>
        {t.end}
      </button>
    )}
    <button type="button" class="x" aria-label={t.close} onClick={a.close}>
      <Icon d={CROSS} />
    </button>
  </div>
)
