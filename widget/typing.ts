// The customer's typing signal with a live preview of the draft for agents: `on` with the text at
// most every TYPING_EVERY_MS while keys are pressed (the last text always goes out), `off` after
// TYPING_IDLE_MS without a key or when the message is sent.

/** Minimum gap between two `typing: on` reports (ms). */
export const TYPING_EVERY_MS = 1000
/** Quiet time after which typing is reported as stopped (ms). */
export const TYPING_IDLE_MS = 3000

/** The customer's typing state as two verbs. */
export interface Typing {
  /** The draft is now `text` (a key was pressed). */
  input(text: string): void
  /** The customer sent the message or left: report `off` if `on` was reported. */
  stop(): void
}

/** A typing signal that reports through `send(on, text)`; `now` is injectable for tests. */
export const createTyping = (send: (on: boolean, text?: string) => void, now = Date.now): Typing => {
  let last = 0
  let text = ''
  let idle: ReturnType<typeof setTimeout> | undefined
  let later: ReturnType<typeof setTimeout> | undefined
  const report = () => {
    later = undefined
    last = now()
    send(true, text)
  }
  const stop = () => {
    clearTimeout(idle)
    clearTimeout(later)
    later = undefined
    if (last) send(false)
    last = 0
  }
  return {
    input(t) {
      text = t
      clearTimeout(idle)
      idle = setTimeout(stop, TYPING_IDLE_MS)
      // A report is already scheduled: it will carry this text.
      if (later) return
      const wait = last + TYPING_EVERY_MS - now()
      if (wait > 0) later = setTimeout(report, wait)
      else report()
    },
    stop
  }
}
