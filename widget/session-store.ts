// What survives a reload, in Parley's own IndexedDB database `parley` (object store `s`):
//   t      the visitor token that resumes the chat
//   d      the composer's draft
//   o:<id> each message not yet committed (the outbox), images as Blobs
// Nothing is written before the customer sends their first message, reading never creates the
// database, and wipe() deletes it. Every failure (private mode, blocked storage) reads as empty
// and writes as a no-op: the chat still works, it just does not survive a reload.
// size: plain IndexedDB in ~40 lines instead of idb-keyval, whose cached connection would keep
// deleteDatabase() blocked.

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

/** The database's name: a site's own data (idb-keyval's `keyval-store` included) is never touched. */
export const DB_NAME = 'parley'

const req = <T>(r: IDBRequest<T>) =>
  new Promise<T>((ok, fail) => {
    r.onsuccess = () => ok(r.result)
    r.onerror = () => fail(r.error)
  })

/** The IndexedDB session store, opened on first use. */
export const createSessionStore = (): SessionStore => {
  let db: Promise<IDBDatabase> | undefined
  const store = async (mode: IDBTransactionMode) => {
    db ??= new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open(DB_NAME)
      r.onupgradeneeded = () => r.result.createObjectStore('s')
      req(r).then((d) => {
        // Another tab's reset() deletes the database: let it.
        d.onversionchange = () => {
          d.close()
          db = undefined
        }
        ok(d)
      }, fail)
    })
    return (await db).transaction('s', mode).objectStore('s')
  }
  // async + try: without IndexedDB at all, `indexedDB` throws synchronously, not a rejection.
  const write = async (f: (s: IDBObjectStore) => IDBRequest) => {
    try {
      await req(f(await store('readwrite')))
    } catch {}
  }
  return {
    async load() {
      try {
        // Opening a database creates it: look first, where the browser lets us (Firefox < 126 does not).
        if (indexedDB.databases && !(await indexedDB.databases()).some((d) => d.name === DB_NAME)) return {}
        const s = await store('readonly')
        const [keys, values] = await Promise.all([req(s.getAllKeys()), req(s.getAll())])
        return Object.fromEntries(keys.map((k, i) => [k, values[i]]))
      } catch {
        return {}
      }
    },
    put: (key, value) => write((s) => s.put(value, key)),
    del: (key) => write((s) => s.delete(key)),
    async wipe() {
      try {
        const open = db
        db = undefined
        ;(await open)?.close()
        await req(indexedDB.deleteDatabase(DB_NAME))
      } catch {}
    }
  }
}
