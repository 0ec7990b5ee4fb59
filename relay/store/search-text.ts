// Search normalisation shared by every store engine, so a word finds the same chats on SQLite and
// PostgreSQL: text and queries are folded the same way (NFKC, lower case, diacritics dropped) and
// split into words of letters and digits only — `ada@example.com` is the words ada, example, com.
import { HIGHLIGHT } from '../../protocol/index.js'

const WORD = /[\p{L}\p{N}]+/gu

/** Folds one word: NFKC, lower case, combining marks removed (Müller → muller). */
export const foldWord = (w: string): string => w.normalize('NFKC').toLowerCase().normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC')

/** The searchable form of a text: its folded words separated by single spaces. */
export const searchText = (text: string): string => (text.normalize('NFKC').match(WORD) ?? []).map(foldWord).join(' ')

/** The words of what an agent typed, folded; each is matched as a word prefix and all are required (at most 12). */
export const searchWords = (query: string): string[] => searchText(query).split(' ').filter(Boolean).slice(0, 12)

/**
 * A snippet of `text` around its first word that starts with one of `words` (folded), at most
 * `size` words, matches wrapped in HIGHLIGHT markers and '…' where text was cut. Undefined when no
 * word matches.
 */
export const snippetOf = (text: string, words: readonly string[], size = 12): string | undefined => {
  const tokens = [...text.normalize('NFKC').matchAll(WORD)].map((m) => ({ at: m.index, word: m[0], hit: words.some((w) => foldWord(m[0]).startsWith(w)) }))
  const first = tokens.findIndex((t) => t.hit)
  if (first < 0) return undefined
  const from = Math.max(0, Math.min(first - Math.floor(size / 4), tokens.length - size))
  const to = Math.min(tokens.length, from + size)
  const src = text.normalize('NFKC')
  let out = from > 0 ? '…' : ''
  for (let i = from; i < to; i++) {
    const t = tokens[i]!
    // The separator as written (spaces, punctuation), so an email reads as an email.
    if (i > from) out += src.slice(tokens[i - 1]!.at + tokens[i - 1]!.word.length, t.at)
    out += t.hit ? HIGHLIGHT.start + t.word + HIGHLIGHT.end : t.word
  }
  return to < tokens.length ? out + '…' : out
}
