// The customer's typing signal: `on` at most every TYPING_EVERY_MS while keys are pressed, `off`
// after TYPING_IDLE_MS without a key or when the message is sent.

/** Minimum gap between two `typing: on` frames (ms). */
export const TYPING_EVERY_MS = 2000
/** Quiet time after which typing is reported as stopped (ms). */
export const TYPING_IDLE_MS = 3000

/** The customer's typing state as two verbs. */
export interface Typing {
  /** The customer pressed a key in the composer. */
  input(): void
  /** The customer sent the message or left: report `off` if `on` was reported. */
  stop(): void
}

/** A typing signal that reports through `send(on)`; `now` is injectable for tests. */
export const createTyping = (send: (on: boolean) => void, now = Date.now): Typing => {
  let last = 0
  let idle: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    clearTimeout(idle)
    if (last) send(false)
    last = 0
  }
  return {
    input() {
      if (now() - last >= TYPING_EVERY_MS) {
        last = now()
        send(true)
      }
      clearTimeout(idle)
      idle = setTimeout(stop, TYPING_IDLE_MS)
    },
    stop
  }
}
