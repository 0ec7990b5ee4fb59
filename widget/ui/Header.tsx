// The chat window's header: title, where the chat stands, "End chat" and close.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { CustomerChat } from '../../protocol/index.js'
import type { Strings } from '../strings.js'
import { CROSS, Icon } from './Icon.js'

/** Props of the header. `end` is absent when there is no chat to end. */
export interface HeaderProps {
  title: string
  chat: CustomerChat | null
  t: Strings
  close(): void
  end?: () => void
}

/** The header, in the accent colour. */
export const Header = ({ title, chat, t, close, end }: HeaderProps) => (
  <header class="head">
    <div>
      <h2>{title}</h2>
      {chat?.status === 'waiting' && <p>{t.waiting(chat.position)}</p>}
      {chat?.status === 'active' && <p>{t.chatting(chat.agentName)}</p>}
    </div>
    {end && (
      <button type="button" class="end" onClick={end}>
        {t.end}
      </button>
    )}
    <button type="button" class="x" aria-label={t.close} onClick={close}>
      <Icon d={CROSS} />
    </button>
  </header>
)
