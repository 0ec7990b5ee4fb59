// What survives a reload, through idb-keyval in Parley's own IndexedDB database `parley`
// (object store `session`, idb-keyval's one store per database):
//   t      the visitor token that resumes the chat
//   d      the composer's draft
//   o:<id> each message not yet committed (the outbox), images as Blobs
// Nothing is written before the customer sends their first message, reading never creates the
// database, and wipe() deletes it. Every failure (private mode, blocked storage) reads as empty
// and writes as a no-op: the chat still works, it just does not survive a reload.
import { clear, createStore, del, entries, promisifyRequest, set, type UseStore } from 'idb-keyval'
import { DB_NAME } from './session-store-name.js'

/** Keeps the session between page loads; injectable so tests can use memory. */
export interface SessionStore {
  /** Everything stored, by key ({} when nothing is or storage fails). */
  load(): Promise<Record<string, any>>
  /** Stores `value` under `key`. Never rejects. */
  put(key: string, value: unknown): Promise<void>
  /** Forgets `key`. Never rejects. */
  del(key: string): Promise<void>
  /** Deletes the whole database. Never rejects. */
  wipe(): Promise<void>
}

export { DB_NAME }

// async + try: without IndexedDB at all, `indexedDB` throws synchronously, not a rejection.
const quiet = async <T>(f: () => Promise<T>, fallback?: T) => {
  try {
    return await f()
  } catch {
    return fallback as T
  }
}

/** The IndexedDB session store, opened on first use. */
export const createSessionStore = (): SessionStore => {
  // idb-keyval keeps its connection open, and an open connection blocks deleteDatabase(): the
  // store is made anew after a wipe, and a connection lets go when another tab's reset() deletes it.
  let kv: UseStore | undefined
  const use: UseStore = (mode, f) =>
    (kv ??= createStore(DB_NAME, 'session'))(mode, (s) => {
      const db = s.transaction.db
      db.onversionchange = () => {
        db.close()
        kv = undefined
      }
      return f(s)
    })
  return {
    load: () =>
      quiet(async () => {
        // Opening a database creates it: look first, where the browser lets us (Firefox < 126 does not).
        if (indexedDB.databases && !(await indexedDB.databases()).some((d) => d.name === DB_NAME)) return {}
        return Object.fromEntries(await entries(use))
      }, {}),
    put: (key, value) => quiet(() => set(key, value, use)),
    del: (key) => quiet(() => del(key, use)),
    wipe: () =>
      quiet(async () => {
        const open = kv
        kv = undefined
        if (open) {
          // Emptied first, so nothing is left even if another connection holds the deletion up.
          await clear(open)
          await open('readonly', (s) => s.transaction.db.close())
        }
        await promisifyRequest(indexedDB.deleteDatabase(DB_NAME))
      })
  }
}
