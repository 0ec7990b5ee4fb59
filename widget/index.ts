// The widget's front door for code that imports it (the ESM build); the script tag uses main.ts.
export type { Parley, ParleyEvents, ParleyOptions, Position } from './api.js'
export { createParley, DEFAULT_TITLE } from './create-parley.js'
export type { SessionStore } from './session-store.js'
export type { Transport, TransportFactory, TransportHandlers } from './transport.js'
