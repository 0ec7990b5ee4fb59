// One line of the transcript: a customer or agent bubble, or a system notice.
/** @jsxRuntime classic */
/** @jsx h */
/** @jsxFrag Fragment */
import { Fragment, h } from 'preact'
import { partsText } from '../../protocol/index.js'
import type { ShownMessage } from '../state.js'
import type { Strings } from '../strings.js'
import { hhmm } from '../time.js'

/** Props of one message; `retry` sends a failed one again. */
export interface MessageProps {
  m: ShownMessage
  t: Strings
  retry(id: string): void
}

/** A message with its time (HH:MM), the agent's name on agent messages, and its sending state. */
export const Message = ({ m, t, retry }: MessageProps) =>
  m.from === 'system' ? (
    <li class="sys">
      {(m.event ? t.event[m.event](m.name) : partsText(m.parts)) + ' · ' + hhmm(m.at)}
    </li>
  ) : (
    <li class={'msg ' + m.from + (m.sending ? ' ' + m.sending : '')}>
      {m.from === 'agent' && m.name && <span class="who">{m.name}</span>}
      <div class="bub">{partsText(m.parts)}</div>
      <span class="at">
        {hhmm(m.at)}
        {m.sending === 'pending' && ' · ' + t.sending}
        {m.sending === 'failed' && (
          <>
            {' · ' + t.failed + ' · '}
            <button type="button" onClick={() => retry(m.id)}>
              {t.retry}
            </button>
          </>
        )}
      </span>
    </li>
  )
