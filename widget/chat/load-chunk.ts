// The chat's chunks on demand (forms: ./load-forms.ts; images: ../images.ts; the store chunk: ./store-chunk.ts;
// the notification sound: ../sound.ts):
// fetched when first used, tried CHUNK_TRIES times half a second apart (more each time). After a
// failed round the caller says so and reports it; the next use tries again.
import { type ImagesModule, importImages, importSound, importStore, type SoundModule, type StoreModule } from './chunks.js'

/** Tries to fetch a chunk before a failure is said and reported. */
export const CHUNK_TRIES = 3

/** `importer` (its attempt > 0 asks past the browser's memory of a failure) fetched once for the page; a failed round is forgotten, so the next call tries again. */
export const lazyChunk = <M>(importer: (attempt: number) => Promise<M>): (() => Promise<M>) => {
  let fetched: Promise<M> | undefined
  let attempt = 0
  const tryImport = (): Promise<M> =>
    importer(attempt++).catch((err) => {
      if (!(attempt % CHUNK_TRIES)) throw err
      return new Promise((ok) => setTimeout(ok, 500 * attempt)).then(tryImport)
    })
  return () =>
    (fetched ||= tryImport().catch((err) => {
      fetched = undefined
      throw err
    }))
}

/** The images chunk: shrinking and uploading what the visitor sends. */
export const loadImages: () => Promise<ImagesModule> = lazyChunk(importImages)

/** The store chunk once fetched (a chat made afterwards starts with it at once). */
export let storeChunk: StoreModule | undefined

/** The store chunk (the session store with idb-keyval and its keeper, the typing preview, the page watcher). */
export const loadStore: () => Promise<StoreModule> = lazyChunk((attempt) => importStore(attempt).then((m) => (storeChunk = m)))

/** The notification sound's chunk. */
export const loadSound: () => Promise<SoundModule> = lazyChunk(importSound)
