// Where the lazily loaded files come from. This is the source version (tests, type checks): the
// chat is imported from the sources and locale files from the relay. build.mjs swaps this module
// for one that names the content-hashed files next to the script (dist/parley-chat-<hash>.js,
// dist/parley-<lang>-<hash>.json).
import type { ChatModule } from './shell.js'

/** Imports the chat; `attempt` > 0 asks past the browser's memory of a failed fetch. */
export const importChat = (_attempt: number): Promise<ChatModule> => import('./chat/index.js')

/** The URL of the strings of locale `lang` (one of LOCALES). */
export const localeUrl = (relay: string, lang: string): string => relay + '/parley-' + lang + '.json'
