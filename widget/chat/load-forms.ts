// The forms chunk (./forms-chunk.ts) on demand: fetched the first time a view draws a part of it,
// tried as the chat's other chunks are (./load-chunk.ts), then shown as failed with a Retry and
// reported with the `error` event, as the loader does with the chat itself.
import { h } from 'preact'
import { importForms } from './chunks.js'
import type { FormsModule } from './forms-chunk.js'
import { lazyChunk } from './load-chunk.js'

// The chunk once fetched: every chat on the page (and one made again) draws it at once.
let fetched: FormsModule | undefined
const loadForms = lazyChunk((attempt) =>
  importForms(attempt).then((m) => {
    m.usePreact(h)
    return (fetched = m)
  })
)

/** Fetches the forms chunk before anyone asks for it (tests): views draw it without waiting. */
export const prefetchForms = async (): Promise<void> => {
  await loadForms()
}

/** What the window knows of the forms chunk. */
export interface Forms {
  /** every try of the last round failed (retry() starts another) */
  failed?: boolean
  /** The module when it is here, else undefined and it is fetched (unless the last round failed). */
  want(): FormsModule | undefined
  /** Starts another round of tries after a failed one. */
  retry(): void
}

/**
 * The forms chunk for one chat: `arrived` once it is here (at once when an earlier chat fetched it,
 * else before the repaint its arrival brings), `paint` once it arrived or a round of tries failed,
 * `failed` reports that round.
 */
export const createForms = (arrived: (m: FormsModule) => void, paint: () => void, failed: () => void): Forms => {
  let m = fetched
  if (m) arrived(m)
  let loading = false
  const f: Forms = {
    want() {
      if (!m && !loading && !f.failed) {
        loading = true
        loadForms().then(
          (got) => {
            loading = false
            arrived((m = got))
            paint()
          },
          () => {
            loading = false
            f.failed = true
            failed()
            paint()
          }
        )
      }
      return m
    },
    retry() {
      f.failed = false
      paint()
    }
  }
  return f
}
