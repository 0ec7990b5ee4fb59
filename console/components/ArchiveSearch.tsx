import { useId, useState } from 'preact/hooks'
import type { ArchiveHit } from '../../protocol/index.js'
import { fetchChat, searchArchive } from '../api.js'
import { useFetch } from '../fetch-context.js'
import { formatClock } from '../format.js'
import { highlight } from '../highlight.js'
import { customerName } from '../names.js'
import type { Action } from '../reducer.js'

/** Props of {@link ArchiveSearch}. */
export interface ArchiveSearchProps {
  dispatch(action: Action): void
}

const when = (at: number): string => new Date(at).toLocaleDateString() + ' ' + formatClock(at)

/** Searches old chats (Enter; blank lists the latest) and opens a hit in a chat tab. */
export function ArchiveSearch({ dispatch }: ArchiveSearchProps) {
  const id = useId()
  const fetchImpl = useFetch()
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<ArchiveHit[] | null>(null)
  const [error, setError] = useState('')

  const search = async (ev: Event) => {
    ev.preventDefault()
    setError('')
    const result = await searchArchive(q.trim(), fetchImpl)
    if (result.ok) setHits(result.value)
    else setError(result.message)
  }

  const open = async (chatId: string) => {
    const result = await fetchChat(chatId, fetchImpl)
    if (!result.ok) return setError(result.message)
    dispatch({ type: 'details', details: result.value, open: true })
    setHits(null)
  }

  const close = () => {
    setHits(null)
    setError('')
  }

  return (
    <div class="archive" onKeyDown={(ev) => ev.key === 'Escape' && close()}>
      <form role="search" class="archive-form" onSubmit={search}>
        <input
          type="search"
          class="archive-input"
          aria-label="Search chats"
          placeholder="Search old chats…"
          value={q}
          maxLength={200}
          onInput={(ev) => setQ(ev.currentTarget.value)}
        />
      </form>
      {(hits || error) && (
        <div class="archive-results" id={id} data-testid="archive-results">
          <div class="archive-head">
            <span role="status">{error || (hits?.length ? hits.length + (hits.length === 1 ? ' chat' : ' chats') : 'No chats found')}</span>
            <button type="button" class="link-button" onClick={close}>
              Close
            </button>
          </div>
          <ul class="entries">
            {hits?.map(({ chat, snippet }) => (
              <li key={chat.id}>
                <button type="button" class="entry-button archive-hit" data-testid="archive-hit" onClick={() => open(chat.id)}>
                  <span class="entry-name">
                    {chat.title !== customerName(chat) ? customerName(chat) + ' · ' + chat.title : chat.title}
                  </span>{' '}
                  <span class="entry-meta">{when(chat.createdAt)}</span>{' '}
                  <span class="entry-text">
                    {highlight(snippet).map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : s.text))}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  )
}
