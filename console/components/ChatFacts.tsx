import type { ChatSummary } from '../../protocol/index.js'
import { arrivalText, ratingWord } from '../chat-facts.js'

/** A thumb up, the widget's drawing (24×24 stroke), turned over for a bad rating: no emoji font needed. */
const THUMB = 'M7 10v10H3V10zm0 0l4-7c2 0 3 1 2.5 3L13 9h6a2 2 0 0 1 2 2.3l-1.3 6.9A2 2 0 0 1 17.8 20H7'

/** The chat's pre-chat topic, how it came in and, once the visitor rated it, their rating (live). */
export function ChatFacts({ summary }: { summary: ChatSummary }) {
  const arrival = arrivalText(summary)
  return (
    <div class="chat-facts">
      {summary.topic && (
        <span class="fact" data-testid="chat-topic">
          <span class="fact-label">Topic</span> {summary.topic}
        </span>
      )}
      {arrival && (
        <span class="fact is-hours" data-testid="chat-arrival">
          {arrival}
        </span>
      )}
      {/* A live region of its own: the rating arrives while the agent looks at the ended chat. */}
      <span aria-live="polite" class="fact-live">
        {summary.rating && (
          <span class={'fact rating is-' + summary.rating} data-testid="chat-rating">
            <svg class="rating-thumb" viewBox="0 0 24 24" width="12" height="12" aria-hidden="true" focusable="false">
              <path d={THUMB} transform={summary.rating === 'bad' ? 'rotate(180 12 12)' : undefined} />
            </svg>{' '}
            Rated {ratingWord(summary.rating)}
            {summary.ratingComment && <q class="rating-comment">{summary.ratingComment}</q>}
          </span>
        )}
      </span>
    </div>
  )
}
