// A mitt-like typed event emitter: `on`/`off`/`emit` are checked against one event map.

/** A listener of the event whose payload is `P`. */
export type Listener<P> = (payload: P) => void

/** The three verbs of an emitter over the event map `E` (event name → payload type). */
export interface Emitter<E> {
  /** Calls `fn` on every `type` event until `off`. */
  on<K extends keyof E>(type: K, fn: Listener<E[K]>): void
  /** Stops calling `fn` on `type` events (every registration of it). */
  off<K extends keyof E>(type: K, fn: Listener<E[K]>): void
  /** Calls the listeners of `type`; a throwing listener neither stops the others nor reaches the caller. */
  emit<K extends keyof E>(type: K, payload: E[K]): void
}

/** A new emitter with no listeners. */
export const createEmitter = <E>(): Emitter<E> => {
  // size: one array of [type, fn] pairs instead of a Map of arrays; a page has a handful of listeners.
  let all: [keyof E, Listener<never>][] = []
  return {
    on(type, fn) {
      all = [...all, [type, fn]]
    },
    off(type, fn) {
      all = all.filter(([t, f]) => t !== type || f !== fn)
    },
    emit(type, payload) {
      // The list is replaced, never mutated, so listeners may call on/off while we iterate.
      for (const [t, fn] of all)
        if (t === type)
          try {
            ;(fn as Listener<typeof payload>)(payload)
          } catch (err) {
            // A host page's listener failing is its own bug: report it, keep the widget running.
            console.error(err)
          }
    }
  }
}
