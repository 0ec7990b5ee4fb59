// Which agents have a live console connection on this node. An agent whose last socket closed
// stays present for a short grace period, so reloading the console does not flicker the
// customers' launchers; after it, `onChange` fires.

/** Tracks open agent sockets. */
export interface Presence {
  connect(agentId: string): void
  /** `graceMs` overrides the grace period (0 for a connection known to be dead). */
  disconnect(agentId: string, graceMs?: number): void
  isPresent(agentId: string): boolean
  close(): void
}

/** Creates a presence tracker; `onChange` is called when an agent becomes present or absent. */
export const createPresence = (graceMs: number, onChange: (agentId: string) => void): Presence => {
  const sockets = new Map<string, number>()
  const leaving = new Map<string, NodeJS.Timeout>()
  return {
    connect(agentId) {
      const pending = leaving.get(agentId)
      if (pending) {
        clearTimeout(pending)
        leaving.delete(agentId)
      }
      const n = sockets.get(agentId) ?? 0
      sockets.set(agentId, n + 1)
      if (n === 0 && !pending) onChange(agentId)
    },
    disconnect(agentId, grace = graceMs) {
      const n = (sockets.get(agentId) ?? 1) - 1
      if (n > 0) return void sockets.set(agentId, n)
      sockets.delete(agentId)
      leaving.set(
        agentId,
        setTimeout(() => {
          leaving.delete(agentId)
          onChange(agentId)
        }, grace)
      )
    },
    isPresent(agentId) {
      return sockets.has(agentId) || leaving.has(agentId)
    },
    close() {
      for (const t of leaving.values()) clearTimeout(t)
      leaving.clear()
      sockets.clear()
    }
  }
}
