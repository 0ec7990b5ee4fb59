// The round button in the corner that opens and closes the chat window, with the unread count.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import { fmt } from '../strings.js'
import type { View } from './actions.js'
import { CHAT, CROSS, Icon } from './Icon.js'

/** The launcher: named by the widget's title (and the unread count, or that nobody is available). */
export const Launcher = ({ s, t, o, title, a, fab }: View) => {
  const off = o.availability === 'disabled' && !s.available && !s.chat
  const label = title + (s.unread ? ' (' + fmt(t.unread, s.unread) + ')' : off ? ' — ' + t.unavailable : '')
  return (
    <button ref={fab} type="button" class={off ? 'fab off' : 'fab'} aria-label={label} title={off ? t.unavailable : undefined} aria-expanded={s.open} onClick={a.toggle}>
      <Icon d={s.open ? CROSS : CHAT} />
      {s.unread > 0 && (
        <span class="n" aria-hidden="true">
          {s.unread}
        </span>
      )}
    </button>
  )
}
