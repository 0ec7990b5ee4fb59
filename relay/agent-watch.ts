// Agents removed or disabled outside this process. `parley agent remove` (and any other tool) writes
// the database directly, so a running relay hears nothing of it: its memory still gives the chats to
// an agent who no longer exists, and no one could end or transfer them. Once per heartbeat this
// compares the agents who hold chats with the store and hands the missing or disabled ones to the
// hub, which sends their chats to the front of the queue (customers told) and closes their consoles.
import type { Hub } from './hub/hub.js'
import type { Store } from './store/store.js'

/** Starts the watch; `everyMs` is the relay's heartbeat. */
export const watchAgents = (deps: { store: Store; hub: Hub; everyMs: number; onError: (err: unknown) => void }) => {
  let running = false
  const sweep = async () => {
    const holders = new Set(deps.hub.panel().chatting.flatMap((c) => (c.agentId ? [c.agentId] : [])))
    if (!holders.size) return
    const agents = new Map((await deps.store.listAgents()).map((a) => [a.id, a]))
    for (const id of holders) {
      const a = agents.get(id)
      if (a && !a.disabled) continue
      await deps.hub.revokeAgent(id)
      await deps.hub.agentRemoved(id)
    }
  }
  const timer = setInterval(() => {
    if (running) return
    running = true
    sweep()
      .catch(deps.onError)
      .finally(() => (running = false))
  }, deps.everyMs)
  timer.unref()
  return { sweep, stop: () => clearInterval(timer) }
}
