// Which agents are here, and what happens when one leaves: their chats stay theirs for a while
// (a flaky network, a browser restart), then go to the front of the queue so no customer is left
// talking to nobody.
import type { AgentRecord } from '../store/store.js'
import type { HubContext } from './context.js'
import { createPresence } from './presence.js'

/** Creates agent presence with requeue-after-grace. `requeueAgentChats` returns chats to the queue; `onChange` follows every presence change. */
export const createAgentPresence = (ctx: HubContext, hooks: { requeueAgentChats(agentId: string): Promise<void>; onChange(agentId: string): void }) => {
  const { config, onError } = ctx
  let closed = false
  /** chats of agents who went away, returning to the queue when the timer fires */
  const requeueTimers = new Map<string, NodeJS.Timeout>()

  const presence = createPresence(config.agentGraceMs, (agentId) => {
    if (closed) return
    // In cluster mode the agent may be on another node: the leader requeues (cluster-sync.ts).
    if (!ctx.cluster) {
      if (presence.isPresent(agentId)) {
        clearTimeout(requeueTimers.get(agentId))
        requeueTimers.delete(agentId)
      } else if (!requeueTimers.has(agentId)) {
        const t = setTimeout(
          () => {
            requeueTimers.delete(agentId)
            if (!closed && !presence.isPresent(agentId)) hooks.requeueAgentChats(agentId).catch(onError)
          },
          Math.max(0, config.chatGraceMs - config.agentGraceMs)
        )
        t.unref()
        requeueTimers.set(agentId, t)
      }
    }
    hooks.onChange(agentId)
  })

  return {
    /** Whether an agent counts as active: chat on, not disabled, with a live console (or within the grace period). */
    isAgentAvailable: (a: AgentRecord) => a.on && !a.disabled && presence.isPresent(a.id),
    /** Whether the agent has a console on this node (or within the grace period). */
    isHere: (agentId: string) => presence.isPresent(agentId),
    /** An agent's console connected. */
    agentConnected: (agentId: string) => presence.connect(agentId),
    /** An agent's console disconnected: presence keeps them for the grace period unless it died. */
    agentDisconnected: (agentId: string, dead = false) => {
      if (!closed) presence.disconnect(agentId, dead ? 0 : undefined)
    },
    /** Stops timers. */
    close() {
      closed = true
      for (const t of requeueTimers.values()) clearTimeout(t)
      requeueTimers.clear()
      presence.close()
    }
  }
}
