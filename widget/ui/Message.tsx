// One line of the transcript: a customer or agent bubble (text and images), or a system notice.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import { formatClock, partsText, type Part } from '../../protocol/index.js'
import type { ShownMessage } from '../state.js'
import { fmt, say } from '../strings.js'
import type { View } from './actions.js'

/** Where the relay serves upload `id`. */
export const imageUrl = (relay: string, id: string) => relay + '/uploads/' + encodeURIComponent(id)

// A text part as text (never markup); an image as a thumbnail that opens full size in a new tab.
const show = (p: Part, v: View) => {
  if (p.type === 'text') return p.text
  const src = imageUrl(v.o.relay, p.id)
  return (
    <a href={src} target="_blank" rel="noopener">
      <img src={src} alt={v.t.image} width={p.width} height={p.height} />
    </a>
  )
}

/** A system message's text: the event in the visitor's language, else its text. */
export const sysText = (m: ShownMessage, t: View['t']) => (m.event ? fmt(say(t, m.event) ?? '', m.name || t.agent) : partsText(m.parts))

/** A message with its time (HH:MM), the agent's name on agent messages, its sending state, and "Seen" when `seen`. */
export const Message = ({ m, v, seen }: { m: ShownMessage; v: View; seen?: boolean }) => {
  const { t } = v
  return m.from === 'system' ? (
    <li class="sys">{sysText(m, t) + ' · ' + formatClock(m.at)}</li>
  ) : (
    <li class={'msg ' + m.from + (m.sending ? ' ' + m.sending : '')}>
      {m.from === 'agent' && m.name && <span class="who">{m.name}</span>}
      <div class="bub">{m.parts.map((p) => show(p, v))}</div>
      <span class="at">
        {formatClock(m.at)}
        {seen && ' · ' + t.seen}
        {m.sending === 'pending' && ' · ' + t.sending}
        {m.sending === 'failed' && [
          ' · ' + t.failed + ' · ',
          <button type="button" onClick={() => v.a.retry(m.id)}>
            {t.retry}
          </button>
        ]}
      </span>
    </li>
  )
}
