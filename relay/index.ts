// The relay's front door.
export { buildRelay, type BuildOptions, type Parley } from './app.js'
export { configFromEnv, makeConfig, DEFAULTS, type RelayConfig } from './config.js'
export { startRelay } from './server.js'
export { openSqliteStore } from './store/sqlite-store.js'
export type { Store } from './store/store.js'
export type { Bus } from './bus/bus.js'
export { createMemoryBus } from './bus/memory-bus.js'
