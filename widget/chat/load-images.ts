// The images chunk (../images.ts: shrinking and uploading what the visitor sends) on demand:
// fetched with the first image, tried IMAGE_TRIES times half a second apart (more each time).
// After a failed round the chat says so and reports it; the next image tries again.
import { type ImagesModule, importImages } from './chunks.js'

/** Tries to fetch the images chunk before a failure is said and reported. */
export const IMAGE_TRIES = 3

let fetched: Promise<ImagesModule> | undefined
let attempt = 0
const tryImport = (): Promise<ImagesModule> =>
  importImages(attempt++).catch((err) => {
    if (!(attempt % IMAGE_TRIES)) throw err
    return new Promise((ok) => setTimeout(ok, 500 * attempt)).then(tryImport)
  })

/** The images chunk: fetched once for the page; a failed round is forgotten, so the next call tries again. */
export const loadImages = (): Promise<ImagesModule> =>
  (fetched ||= tryImport().catch((err) => {
    fetched = undefined
    throw err
  }))
