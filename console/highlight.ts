import { HIGHLIGHT } from '../protocol/index.js'

/** One run of an archive snippet: plain text, or a match to highlight. */
export interface Segment {
  text: string
  hit: boolean
}

/** Splits a snippet marked with HIGHLIGHT.start/end into runs; rendered as text, never as HTML. */
export const highlight = (snippet: string): Segment[] => {
  const out: Segment[] = []
  let hit = false
  let text = ''
  const flush = () => {
    if (text) out.push({ text, hit })
    text = ''
  }
  for (const ch of snippet) {
    if (ch === HIGHLIGHT.start || ch === HIGHLIGHT.end) {
      flush()
      hit = ch === HIGHLIGHT.start
    } else text += ch
  }
  flush()
  return out
}
