// What clients see, from the hub's memory of open chats (live-state.ts): a chat's summary for
// agents, its view for the customer, the panel's lists. No writes, no announcements.
import { agentOrder, type AgentSummary, type ChatSummary, type CustomerChat, type Panel } from '../../protocol/index.js'
import type { AgentRecord, ChatRecord } from '../store/store.js'
import type { LiveState } from './live-state.js'
import { toAgentSummary, toCustomerChat, toSummary } from './views.js'

/** Read-side queries of the hub; `isAvailable` says whether an agent counts as active. */
export const createReadModel = (live: LiveState, isAvailable: (a: AgentRecord) => boolean) => {
  /** An open chat's summary from memory alone. */
  const openSummary = (c: ChatRecord): ChatSummary =>
    toSummary(c, live.cachedVisitor(c.visitorId), c.agentId ? live.cachedAgent(c.agentId) : undefined)

  return {
    openSummary,
    /** An agent in the Active agents list, with `chats` active chats. */
    agentSummary: (a: AgentRecord, chats: number): AgentSummary => toAgentSummary(a, chats),

    /** The panel computed afresh from memory (the feed keeps its own materialised copy; tests compare the two). */
    panel(): Panel {
      const counts = new Map<string, number>()
      for (const c of live.openChats('active')) if (c.agentId) counts.set(c.agentId, (counts.get(c.agentId) ?? 0) + 1)
      return {
        waiting: live.openChats('waiting').map(openSummary),
        chatting: live.openChats('active').map(openSummary),
        agents: live
          .allAgents()
          .filter(isAvailable)
          .map((a) => toAgentSummary(a, counts.get(a.id) ?? 0))
          .sort(agentOrder)
      }
    },

    /** A chat as agents list it (any chat: an ended one's visitor comes from the store). */
    async summary(c: ChatRecord): Promise<ChatSummary> {
      return toSummary(c, await live.visitor(c.visitorId), c.agentId ? await live.agent(c.agentId) : undefined)
    },

    /** A chat as its customer sees it, with the queue position while waiting. */
    async customerView(c: ChatRecord): Promise<CustomerChat> {
      const agent = c.agentId ? await live.agent(c.agentId) : undefined
      const position = c.status === 'waiting' ? live.openChats('waiting').findIndex((w) => w.id === c.id) + 1 : undefined
      return toCustomerChat(c, agent, position)
    }
  }
}
