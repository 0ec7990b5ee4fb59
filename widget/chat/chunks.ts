// Where the chat's own lazily loaded chunk comes from. This is the source version (tests, type
// checks): imported from the sources. build.mjs swaps this module for one that names the
// content-hashed file next to the chat (dist/parley-forms-<hash>.js).
import type { FormsModule } from './forms-chunk.js'

/** Imports the forms chunk; `attempt` > 0 asks past the browser's memory of a failed fetch. */
export const importForms = (_attempt: number): Promise<FormsModule> => import('./forms-chunk.js')
