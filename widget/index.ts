// The widget's front door for code that imports it (dist/parley.mjs); the script tag uses main.ts.
export type { AvailabilityMode, Identity, Parley, ParleyEvents, ParleyOptions, Position, Theme } from './api.js'
export { createParley } from './create-parley.js'
export type { SessionStore } from './session-store.js'
export type { Transport, TransportFactory, TransportHandlers } from './transport.js'
