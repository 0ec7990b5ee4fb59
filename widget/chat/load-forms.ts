// The forms chunk (./forms-chunk.ts) on demand: fetched the first time a view draws a part of it,
// tried FORMS_TRIES times half a second apart (more each time), then shown as failed with a Retry
// and reported with the `error` event, as the loader does with the chat itself.
import { h } from 'preact'
import { importForms } from './chunks.js'
import type { FormsModule } from './forms-chunk.js'

/** Tries to fetch the forms chunk before one failure is shown and reported. */
export const FORMS_TRIES = 3

// The chunk once fetched: every chat on the page (and one made again) draws it at once.
let fetched: FormsModule | undefined
const take = (m: FormsModule) => {
  m.usePreact(h)
  return (fetched = m)
}

/** Fetches the forms chunk before anyone asks for it (tests): views draw it without waiting. */
export const prefetchForms = async (): Promise<void> => {
  fetched || take(await importForms(0))
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
  let attempt = 0
  let loading = false
  const load = () => {
    loading = true
    importForms(attempt++).then(
      (got) => {
        loading = false
        arrived((m = take(got)))
        paint()
      },
      () => {
        if (attempt % FORMS_TRIES) setTimeout(load, 500 * attempt)
        else {
          loading = false
          f.failed = true
          failed()
          paint()
        }
      }
    )
  }
  const f: Forms = {
    want() {
      if (!m && !loading && !f.failed) load()
      return m
    },
    retry() {
      f.failed = false
      paint()
    }
  }
  return f
}
