import type { ChatSummary } from '../../protocol/index.js'
import { arrivalText, ratingWord } from '../chat-facts.js'

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
            <span aria-hidden="true">{summary.rating === 'good' ? '👍' : '👎'}</span> Rated {ratingWord(summary.rating)}
            {summary.ratingComment && <q class="rating-comment">{summary.ratingComment}</q>}
          </span>
        )}
      </span>
    </div>
  )
}
