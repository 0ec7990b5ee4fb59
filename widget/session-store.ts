// Where the session token lives between page loads: Parley's own IndexedDB database, never the
// default idb-keyval store. Nothing is written until the customer starts a chat, and reading
// never creates the database. Every failure (private mode, blocked storage) reads as "no token".
import { createStore, del, get, set } from 'idb-keyval'

/** Keeps the token that resumes the customer's session; injectable so tests can use memory. */
export interface SessionStore {
  /** The stored token, or undefined (also when storage fails). */
  get(): Promise<string | undefined>
  /** Stores the token; failures are swallowed (the chat works, it just will not survive a reload). */
  set(token: string): Promise<void>
  /** Forgets the token. */
  del(): Promise<void>
}

/** Parley's own database (a site's idb-keyval data is never touched) and the token's key in it. */
const DB = 'parley'
const KEY = 'token'

/** The IndexedDB session store (`createStore('parley', 'session')`), opened lazily on first use. */
export const createSessionStore = (): SessionStore => {
  const store = createStore(DB, 'session')
  return {
    async get() {
      try {
        // Opening a database creates it: look first, where the browser lets us (Firefox < 126 does not).
        if (indexedDB.databases && !(await indexedDB.databases()).some((d) => d.name === DB)) return
        return await get<string>(KEY, store)
      } catch {
        return
      }
    },
    // async + try: without IndexedDB at all idb-keyval throws synchronously, not a rejection.
    async set(token) {
      try {
        await set(KEY, token, store)
      } catch {}
    },
    async del() {
      try {
        await del(KEY, store)
      } catch {}
    }
  }
}
