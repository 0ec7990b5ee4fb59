// Where the chat's own lazily loaded chunks come from. This is the source version (tests, type
// checks): imported from the sources. build.mjs swaps this module for one that names the
// content-hashed files next to the chat (dist/parley-forms-<hash>.js, dist/parley-images-<hash>.js, dist/parley-store-<hash>.js,
// dist/parley-sound-<hash>.js).
import type { FormsModule } from './forms-chunk.js'

/** The images chunk: shrinking and uploading what the visitor sends (../images.ts). */
export type ImagesModule = typeof import('../images.js')

/** The store chunk (./store-chunk.ts): the session store with idb-keyval, the typing preview, the page watcher. */
export type StoreModule = typeof import('./store-chunk.js')

/** The notification sound's chunk (../sound.ts). */
export type SoundModule = typeof import('../sound.js')

/** Imports the forms chunk; `attempt` > 0 asks past the browser's memory of a failed fetch. */
export const importForms = (_attempt: number): Promise<FormsModule> => import('./forms-chunk.js')

/** Imports the images chunk; `attempt` > 0 asks past the browser's memory of a failed fetch. */
export const importImages = (_attempt: number): Promise<ImagesModule> => import('../images.js')

/** Imports the store chunk; `attempt` > 0 asks past the browser's memory of a failed fetch. */
export const importStore = (_attempt: number): Promise<StoreModule> => import('./store-chunk.js')

/** Imports the notification sound's chunk; `attempt` > 0 asks past the browser's memory of a failed fetch. */
export const importSound = (_attempt: number): Promise<SoundModule> => import('../sound.js')
