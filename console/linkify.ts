// Links in message text: only http(s) URLs become links (never javascript:, data: or anything
// else), everything else stays inert text.

/** A run of message text: plain, or an http(s) URL. */
export type TextRun = { text: string; href?: string }

// An URL ends before whitespace and before trailing punctuation that usually closes a sentence.
const URL_RE = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]}]/gi

/** Splits text into plain runs and http(s) link runs; the href is the URL as parsed, re-serialised. */
export const linkify = (text: string): TextRun[] => {
  const runs: TextRun[] = []
  let last = 0
  for (const m of text.matchAll(URL_RE)) {
    const start = m.index ?? 0
    let href: string | undefined
    try {
      const url = new URL(m[0])
      if (url.protocol === 'http:' || url.protocol === 'https:') href = url.href
    } catch {
      href = undefined
    }
    if (!href) continue
    if (start > last) runs.push({ text: text.slice(last, start) })
    runs.push({ text: m[0], href })
    last = start + m[0].length
  }
  if (last < text.length) runs.push({ text: text.slice(last) })
  return runs
}
