// A visitor's rating of an ended chat: good or bad, with an optional comment, given once.

/** How the visitor rated the chat. */
export type Rating = 'good' | 'bad'

/** Every rating. */
export const RATINGS: readonly Rating[] = ['good', 'bad']

/** Characters in a rating's comment at most. */
export const RATING_COMMENT_CHARS = 1000
