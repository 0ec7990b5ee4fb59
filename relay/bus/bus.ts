// Cross-connection fan-out. The in-process implementation is memory-bus.ts; a Redis or PostgreSQL
// implementation can replace it to fan out across relay nodes. Events must be JSON-serialisable.
import type { HubEvent } from '../hub/events.js'

/** Publish/subscribe on string topics. */
export interface Bus {
  /** Delivers `event` to every subscriber of `topic` (on every node). */
  publish(topic: string, event: HubEvent): Promise<void>
  /** Calls `handler` for each event on `topic` until the returned function is called. */
  subscribe(topic: string, handler: (event: HubEvent) => void): () => void
  close(): Promise<void>
}
