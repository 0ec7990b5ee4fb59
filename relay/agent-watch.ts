// Changes made outside this process. `parley agent remove`, `parley erase` and `parley prune` write
// the database directly, so a running relay hears nothing of them: its memory would still give chats
// to an agent who no longer exists (no one could end or transfer them), and still show agents an
// erased customer's open chat. Once per heartbeat this compares what the hub holds with the store:
// agents gone or disabled are handed to the hub, which sends their chats to the front of the queue
// (customers told) and closes their consoles; open chats whose row is gone or changed state are
// invalidated, so the hub re-reads them and the panels follow.
//
// Several nodes (cluster mode): what an agent's removal does (requeue, revoke) is for the whole
// cluster, so only the leader does it (`isLeader`), once; every node re-reads its own open chats.
import type { Hub } from './hub/hub.js'
import type { Store } from './store/store.js'

/** Starts the watch; `everyMs` is the relay's heartbeat; `isLeader` (cluster mode) says whether this node requeues (default: it does). */
export const watchAgents = (deps: { store: Store; hub: Hub; everyMs: number; onError: (err: unknown) => void; isLeader?: () => boolean }) => {
  let running = false
  const sweepAgents = async () => {
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
  const sweepChats = async () => {
    const { waiting, chatting } = deps.hub.panel()
    if (!waiting.length && !chatting.length) return
    const stored = new Map<string, string>()
    for (const status of ['waiting', 'active'] as const) for (const c of await deps.store.listChats(status)) stored.set(c.id, c.status)
    for (const c of [...waiting, ...chatting]) {
      if (stored.get(c.id) !== c.status) await deps.hub.invalidate(c.id)
    }
  }
  const sweep = async () => {
    if (deps.isLeader?.() ?? true) await sweepAgents()
    await sweepChats()
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
