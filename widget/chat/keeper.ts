// What a chat keeps between page loads (part of the store chunk, ./store-chunk.ts): the session
// store follows the chat's state. The visitor token and the outbox are written once the customer
// has sent something, the draft from then on with every keystroke, and everything is deleted once
// there is neither a chat nor anything unsent. Reading never creates the database (../session-store.ts).
import { createSessionStore, type SessionStore } from '../session-store.js'
import type { ChatState, ShownMessage } from '../state.js'

/** A stored session as the chat resumes it: its token, its draft, and its unsent messages in the order written. */
export interface Saved {
  t?: string
  d?: string
  o: ShownMessage[]
}

/** The session's keeper: verbs the chat calls as things change. */
export interface Keeper {
  /** The state is `s` and the visitor token `token`: the store follows (a token it has not stored is written). */
  keep(s: ChatState, token: string): void
  /** The draft is `text`: stored once the session is. */
  draft(text: string): void
  /** The session is forgotten here (reset() in this tab, or in another that deleted the store): nothing is stored until the next chat's. */
  forget(): void
  /** The session is forgotten, and the store deleted. */
  wipe(): void
  /** Reads the stored session (its outbox is kept as it is). */
  load(): Promise<Saved>
}

/** A keeper on `store` (the page's own, else the IndexedDB one). */
export const createKeeper = (store: SessionStore = createSessionStore()): Keeper => {
  // The token in the store, once one is.
  let stored: string | undefined
  // Ids of outbox messages in the store.
  const kept = new Set<string>()
  const forget = () => {
    stored = undefined
    kept.clear()
  }
  return {
    keep(s, token) {
      const pending = s.messages.filter((m) => m.sending)
      if (s.chat || pending.length) {
        if (stored !== token) store.put('t', (stored = token))
        for (const { id, parts, at } of pending)
          if (!kept.has(id)) {
            kept.add(id)
            store.put('o:' + id, { id, parts, at })
          }
        for (const id of kept)
          if (!pending.some((m) => m.id === id)) {
            kept.delete(id)
            store.del('o:' + id)
          }
      } else if (stored && s.ready) {
        forget()
        store.wipe()
      }
    },
    draft(text) {
      if (stored) store.put('d', text)
    },
    forget,
    wipe() {
      forget()
      store.wipe()
    },
    async load() {
      const saved = await store.load()
      const o: ShownMessage[] = []
      for (const k in saved)
        if (k[1] === ':') {
          const m = saved[k]
          kept.add(m.id)
          o.push({ ...m, chatId: '', seq: 0, from: 'customer', sending: 'pending' })
        }
      stored = saved.t
      return { t: saved.t, d: saved.d, o: o.sort((a, b) => a.at - b.at) }
    }
  }
}
