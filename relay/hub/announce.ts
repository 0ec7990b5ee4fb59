// Telling clients what changed: a chat's new state to its followers, and the whole panel,
// availability and queue positions after any change.
import type { AgentRecord } from '../store/store.js'
import type { HubContext } from './context.js'
import { topics, type HubEvent } from './events.js'
import type { LiveState } from './live-state.js'
import { createReadModel } from './read-model.js'

/** Creates the announcer; `isAgentAvailable` says whether an agent counts as active. */
export const createAnnouncer = (ctx: HubContext, live: LiveState, isAgentAvailable: (a: AgentRecord) => boolean) => {
  const { publish } = ctx
  const read = createReadModel(live, isAgentAvailable)
  let available = false

  return {
    ...read,
    /** True while at least one agent has chat on and a live console. */
    isAvailable: () => available,

    /** Tells the chat's sockets, its agent and `alsoAgents` (e.g. the one it was taken from) its new state. */
    async publishChat(chatId: string, alsoAgents: string[] = []) {
      const c = await live.chat(chatId)
      if (!c) return
      const e: HubEvent = { kind: 'chat', summary: await read.summary(c), customer: await read.customerView(c) }
      await publish(topics.chat(chatId), e)
      for (const agentId of new Set([...(c.agentId ? [c.agentId] : []), ...alsoAgents])) await publish(topics.agent(agentId), e)
    },

    /** Recomputes availability and the panel and tells everyone. Called after any change of state. */
    async changed() {
      const next = live.allAgents().some(isAgentAvailable)
      if (next !== available) {
        available = next
        await publish(topics.customers, { kind: 'availability', available })
      }
      const p = read.panel()
      await publish(topics.agents, { kind: 'panel', panel: p })
      // Queue positions move whenever the queue does.
      await Promise.all(
        p.waiting.map((w, i) =>
          publish(topics.chat(w.id), { kind: 'chat', summary: w, customer: { id: w.id, status: 'waiting', lastSeq: w.lastSeq, position: i + 1 } })
        )
      )
    }
  }
}
