import { useId, useState } from 'preact/hooks'
import type { ArchiveHit, ChatSummary } from '../../protocol/index.js'
import { fetchChat, searchArchive } from '../api.js'
import { arrivalText, ratingText } from '../chat-facts.js'
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

/** What the visitor told and how the chat went, beside a hit: topic, how it came in, the rating. */
const facts = (chat: ChatSummary): string[] =>
  [chat.topic && 'Topic: ' + chat.topic, arrivalText(chat), chat.rating && 'Rated ' + ratingText(chat.rating, chat.ratingComment)].filter(
    (x): x is string => !!x
  )

/** The status line over the results: how many, and whether the relay's time limit cut the search short. */
const summary = (hits: ArchiveHit[], more: boolean, timedOut: boolean): string => {
  const count = hits.length + (hits.length === 1 ? ' chat' : ' chats')
  if (!timedOut) return hits.length ? count : 'No chats found'
  const hint = more ? 'More results goes on from here' : 'try more specific words'
  return (hits.length ? count + ' — the search took too long; ' : 'The search took too long; ') + hint
}

/** Searches old chats (Enter; blank lists the latest), a page at a time ("More results"), and opens a hit in a chat tab. */
export function ArchiveSearch({ dispatch }: ArchiveSearchProps) {
  const id = useId()
  const fetchImpl = useFetch()
  const [q, setQ] = useState('')
  const [hits, setHits] = useState<ArchiveHit[] | null>(null)
  // The query the results are for (More results asks for its next page, whatever the box holds now).
  const [shown, setShown] = useState('')
  const [next, setNext] = useState<string | undefined>(undefined)
  const [timedOut, setTimedOut] = useState(false)
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState('')

  const search = async (ev: Event) => {
    ev.preventDefault()
    setError('')
    const query = q.trim()
    setLoading(true)
    const result = await searchArchive(query, fetchImpl)
    setLoading(false)
    if (!result.ok) return setError(result.message)
    setShown(query)
    setHits(result.value.hits)
    setNext(result.value.next)
    setTimedOut(result.value.timedOut === true)
  }

  const more = async () => {
    if (!next || loading) return
    setError('')
    setLoading(true)
    const result = await searchArchive(shown, fetchImpl, next)
    setLoading(false)
    if (!result.ok) return setError(result.message)
    // Each chat once, even should a chat have moved between pages.
    setHits((before) => {
      const seen = new Set((before ?? []).map((h) => h.chat.id))
      return [...(before ?? []), ...result.value.hits.filter((h) => !seen.has(h.chat.id))]
    })
    setNext(result.value.next)
    setTimedOut(result.value.timedOut === true)
  }

  const open = async (chatId: string) => {
    const result = await fetchChat(chatId, fetchImpl)
    if (!result.ok) return setError(result.message)
    dispatch({ type: 'details', details: result.value, open: true })
    setHits(null)
  }

  const close = () => {
    setHits(null)
    setNext(undefined)
    setTimedOut(false)
    setError('')
  }

  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: Escape anywhere in the archive closes it (a listener for bubbling keys, not a control)
    <div class="archive" onKeyDown={(ev) => ev.key === 'Escape' && close()}>
      {/* biome-ignore lint/a11y/useSemanticElements: a form with the search role is the landmark every screen reader knows; <search> is newer than the browsers agents use */}
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
            <span role="status">{error || summary(hits ?? [], next !== undefined, timedOut)}</span>
            <button type="button" class="link-button" onClick={close}>
              Close
            </button>
          </div>
          <ul class="entries">
            {hits?.map(({ chat, snippet }) => (
              <li key={chat.id}>
                <button type="button" class="entry-button archive-hit" data-testid="archive-hit" onClick={() => open(chat.id)}>
                  <span class="entry-name">{chat.title !== customerName(chat) ? customerName(chat) + ' · ' + chat.title : chat.title}</span>{' '}
                  <span class="entry-meta">{when(chat.createdAt)}</span>{' '}
                  {facts(chat).length > 0 && (
                    <span class="entry-facts" data-testid="archive-facts">
                      {facts(chat).join(' · ')}
                    </span>
                  )}{' '}
                  <span class="entry-text">{highlight(snippet).map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : s.text))}</span>
                </button>
              </li>
            ))}
          </ul>
          {next !== undefined && (
            <button type="button" class="link-button archive-more" data-testid="archive-more" onClick={more} disabled={loading}>
              {loading ? 'Searching…' : 'More results'}
            </button>
          )}
        </div>
      )}
    </div>
  )
}
