// The session store as the chat uses it: the same verbs as ../session-store.ts, whose chunk (with
// idb-keyval) is fetched on the first call, so a visitor who never sends a message and has no chat
// to resume never fetches it. Calls keep their order (each waits on the same fetch). When a round
// of tries fails, that is reported once and the store reads as empty and writes as nothing from
// then on, as storage that fails does: the chat still works, it just does not survive a reload.
import type { SessionStore } from '../session-store.js'
import { loadStore } from './load-chunk.js'

/** A session store whose code comes when first used; `failed` hears once of a chunk that could not be fetched. */
export const createLazyStore = (failed: () => void): SessionStore => {
  let store: SessionStore | undefined
  let broken = false
  const call =
    <K extends keyof SessionStore>(verb: K, fallback?: Awaited<ReturnType<SessionStore[K]>>) =>
    (...a: Parameters<SessionStore[K]>) =>
      (broken ? Promise.reject() : loadStore()).then(
        (m) => (store ||= m.createSessionStore())[verb](...(a as [string, unknown])),
        () => {
          if (!broken) failed()
          broken = true
          return fallback
        }
      )
  return { load: call('load', {}), put: call('put'), del: call('del'), wipe: call('wipe') } as SessionStore
}
