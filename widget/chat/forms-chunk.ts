// The forms chunk's front door (dist/parley-forms-<hash>.js): what a visitor needs only in some
// chats, fetched by the chat when a view needs it (./load-forms.ts). The offline form (mode `form`
// while nobody can answer), the pre-chat form (before the first message, when the site asks) and
// the rating and transcript at the end of a chat share the form component, its checks and its
// styles, so they are one chunk: none of them weighs on a chat that only needs the composer.
export { usePreact } from './preact-handover.js'
export { PreChat } from '../ui/PreChat.js'
export { Leave } from '../ui/Leave.js'
export { EndForms } from '../ui/EndForms.js'
export { answer, download, keepLeave, leave, mail, mailed, rate } from './form-verbs.js'
export { formsCss } from './forms-styles.js'
export { formsEn } from './forms-strings.js'

/** The forms chunk as the chat gets it. */
export type FormsModule = typeof import('./forms-chunk.js')
