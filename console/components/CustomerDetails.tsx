import { useState } from 'preact/hooks'
import type { ChatSummary, ChatTech } from '../../protocol/index.js'
import { fetchChat } from '../api.js'
import { useFetch } from '../fetch-context.js'
import { formatClock } from '../format.js'
import type { Action } from '../reducer.js'
import { chatCardRows } from './chat-card-rows.js'
import { CardValue, type CardRow } from './InfoCard.js'

/** Props of {@link CustomerDetails}. */
export interface CustomerDetailsProps {
  summary: ChatSummary
  tech?: ChatTech
  dispatch(action: Action): void
}

/** The customer and their connection, fetched from the relay the first time the disclosure opens. */
export function CustomerDetails({ summary, tech, dispatch }: CustomerDetailsProps) {
  const fetchImpl = useFetch()
  const [error, setError] = useState('')
  const more: CardRow[] = [
    ['IP address', tech?.ip],
    ['User agent', tech?.userAgent]
  ]
  const rows = [...chatCardRows(summary), ...more].filter(([, v]) => v)

  const load = async (ev: Event) => {
    if (!(ev.currentTarget as HTMLDetailsElement).open || tech) return
    const result = await fetchChat(summary.id, fetchImpl)
    if (result.ok) dispatch({ type: 'details', details: result.value, open: false })
    else setError(result.message)
  }

  return (
    <details class="chat-details" onToggle={load} data-testid="customer-details">
      <summary>Customer details</summary>
      <dl class="card-rows">
        {rows.map(([label, value, proven], i) => (
          <div key={i} class="card-row">
            <dt>{label}</dt>
            <CardValue value={value!} proven={proven} />
          </div>
        ))}
      </dl>
      {tech && tech.pages.length > 0 && (
        <>
          <h3 class="details-heading">Pages visited</h3>
          <ol class="pages">
            {tech.pages.map((p, i) => (
              <li key={i}>
                <time class="msg-time">{formatClock(p.at)}</time> {p.title || p.url}
                {p.title && <span class="page-url"> {p.url}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </details>
  )
}
