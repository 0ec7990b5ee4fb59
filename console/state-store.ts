// A logged-in console: the state, the socket and the reducer wired together. Components read
// the state and dispatch actions; the frames a step produces go out on the socket in order.
import { createConnection, type ConnectionOptions } from './connection.js'
import { sweepDrafts, syncDrafts } from './drafts.js'
import { initialState, OFFLINE_TEXT, reduce, type Action, type State } from './reducer.js'

/** The running console of one logged-in agent. */
export interface Session {
  /** the current state (a new object after every change) */
  get(): State
  /** calls `listener` after every change; returns the unsubscribe function */
  subscribe(listener: () => void): () => void
  dispatch(action: Action): void
  /** skips the reconnect backoff */
  reconnectNow(): void
  /** closes the socket for good (logout) */
  close(): void
}

/** What a session needs: the socket URL, what to do after a final close, and test seams. */
export type SessionOptions = Pick<ConnectionOptions, 'url' | 'onFinal' | 'createSocket' | 'backoff'>

/** Starts a session: connects at once and reconnects until closed. */
export const createSession = (opts: SessionOptions): Session => {
  let state = initialState()
  sweepDrafts()
  const listeners = new Set<() => void>()

  const dispatch = (action: Action) => {
    const prev = state
    const step = reduce(state, action)
    state = step.state
    // Drafts live in storage too; chats that just appeared get theirs back.
    for (const restore of syncDrafts(prev, state)) state = reduce(state, restore).state
    for (const msg of step.out) {
      // Sends, syncs and typing are redone after the next welcome; the rest must be retried by hand.
      if (!connection.send(msg) && (msg.type === 'accept' || msg.type === 'status' || msg.type === 'end' || msg.type === 'transfer'))
        state = reduce(state, { type: 'toast', text: OFFLINE_TEXT }).state
    }
    for (const listener of [...listeners]) listener()
  }

  const connection = createConnection({
    ...opts,
    onFrame: (frame) => dispatch({ type: 'frame', frame }),
    onStatus: (status, retryAt) => dispatch({ type: 'conn', status, retryAt })
  })

  return {
    get: () => state,
    subscribe: (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    dispatch,
    reconnectNow: () => connection.reconnectNow(),
    close: () => connection.close()
  }
}
