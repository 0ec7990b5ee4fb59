// What clients see, from the hub's memory of open chats (live-state.ts): a chat's summary for
// agents and its view for the customer. No writes, no announcements.
import type { AgentSummary, ChatSummary, CustomerChat } from '../../protocol/index.js'
import type { AgentRecord, ChatRecord } from '../store/store.js'
import type { LiveState } from './live-state.js'
import { toAgentSummary, toCustomerChat, toSummary } from './views.js'

/** Read-side queries of the hub. */
export const createReadModel = (live: LiveState) => {
  /** An open chat's summary from memory alone. */
  const openSummary = (c: ChatRecord): ChatSummary => toSummary(c, live.cachedVisitor(c.visitorId), c.agentId ? live.cachedAgent(c.agentId) : undefined)

  return {
    openSummary,
    /** An agent in the Active agents list, with `chats` active chats. */
    agentSummary: (a: AgentRecord, chats: number): AgentSummary => toAgentSummary(a, chats),

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
