// Cross-connection fan-out. The in-process implementation is memory-bus.ts; redis-bus.ts fans out
// across relay nodes (cluster mode) and chat-repair.ts fills in what it lost from the store.
// Events must be JSON-serialisable.
import type { HubEvent } from '../hub/events.js'

/** Publish/subscribe on string topics. */
export interface Bus {
  /**
   * Delivers `event` to every subscriber of `topic` on every node, or only on this one with
   * `{ local: true }` (what each node computes for itself, like its panel version).
   */
  publish(topic: string, event: HubEvent, options?: PublishOptions): Promise<void>
  /**
   * Calls `handler` for each event on `topic` until the returned function is called. Its `ready`
   * resolves once events from other nodes arrive too: read a snapshot (history) only after it, so
   * nothing published in between is missed.
   */
  subscribe(topic: string, handler: (event: HubEvent) => void): Unsubscribe
  /**
   * Calls `handler` after the link to other nodes came back (events may have been lost while it
   * was down): re-read from the store what matters. Returns a function that stops it.
   */
  onResync?(handler: (why: 'reconnect') => void): () => void
  /** Whether events reach other nodes: `none` for a bus inside one process. */
  health?(): BusHealth
  close(): Promise<void>
}

/** Ends a subscription; `ready` (when present) resolves once it is confirmed across nodes. */
export type Unsubscribe = (() => void) & { ready?: Promise<void> }

/** The state of a bus's link to other nodes; `since` (ms since epoch) is when it last changed. */
export interface BusHealth {
  remote: 'none' | 'ok' | 'down'
  since?: number
}

/** How far an event goes. */
export interface PublishOptions {
  /** only this node's subscribers (default: every node's) */
  local?: boolean
}
