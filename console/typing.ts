// Outgoing typing state for one composer: "on" at most every `everyMs` while keys are pressed,
// "off" after `idleMs` without input or when the message is sent.

/** Throttles typing notices of one chat. */
export interface TypingNotifier {
  /** The agent changed the draft. */
  input(): void
  /** The agent sent, cleared the draft or left: say "off" if "on" was said. */
  stop(): void
}

/** Creates a notifier that calls `emit(on)`; `everyMs` (default 3000) and `idleMs` (default 4000) in ms. */
export const createTypingNotifier = (emit: (on: boolean) => void, everyMs = 3000, idleMs = 4000, now: () => number = Date.now): TypingNotifier => {
  let on = false
  let sentAt = 0
  let idle: ReturnType<typeof setTimeout> | undefined
  const stop = () => {
    clearTimeout(idle)
    idle = undefined
    if (!on) return
    on = false
    emit(false)
  }
  return {
    input: () => {
      const t = now()
      // Repeating "on" lets the other side expire a stale indicator if the "off" is lost.
      if (!on || t - sentAt >= everyMs) {
        on = true
        sentAt = t
        emit(true)
      }
      clearTimeout(idle)
      idle = setTimeout(stop, idleMs)
    },
    stop
  }
}
