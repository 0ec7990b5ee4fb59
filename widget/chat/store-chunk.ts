// The store chunk's front door (dist/parley-store-<hash>.js): what only a chat under way needs
// beside its window, fetched with the first message, or at start for a visitor with a session to
// resume (./start-chat.ts): the session store with idb-keyval (../session-store.ts) and what keeps
// it in step with the chat (./keeper.ts), the draft's preview for agents (../typing.ts) and the
// watcher of a single-page app's pages (../page.ts; the relay records pages only in a chat: a start
// carries the page it starts on).
export { createKeeper } from './keeper.js'
export { createTyping } from '../typing.js'
export { watchPages } from '../page.js'
