// What the visitor told us around a chat (pre-chat topic, rating) and how it came in, in words
// shared by the info card, the chat window, the archive and the ticket.
import type { Rating } from '../protocol/index.js'

/** A rating in words: "Good" or "Bad". */
export const ratingWord = (rating: Rating): string => (rating === 'good' ? 'Good' : 'Bad')

/** A rating with its comment, e.g. "Good: “Quick and kind”", or undefined when not rated. */
export const ratingText = (rating: Rating | undefined, comment?: string): string | undefined =>
  rating === undefined ? undefined : ratingWord(rating) + (comment ? ': “' + comment + '”' : '')

/** How a chat came in, when that is worth saying: outside business hours, through the offline form. */
export const arrivalText = (chat: { outsideHours?: boolean; offline?: boolean }): string | undefined =>
  chat.offline
    ? chat.outsideHours
      ? 'Left a message outside business hours'
      : 'Left a message (no agent online)'
    : chat.outsideHours
      ? 'Outside business hours'
      : undefined
