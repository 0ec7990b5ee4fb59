// What clients see, read from the store: the panel's three lists, a chat's summary for agents and
// its view for the customer. No writes, no announcements.
import type { ChatSummary, CustomerChat, Panel } from '../../protocol/index.js'
import type { AgentRecord, ChatRecord, Store } from '../store/store.js'
import { toAgentSummary, toCustomerChat, toSummary } from './views.js'

/** Read-side queries of the hub; `isAvailable` says whether an agent counts as active. */
export const createReadModel = (store: Store, isAvailable: (a: AgentRecord) => boolean) => {
  const agentsById = async () => new Map((await store.listAgents()).map((a) => [a.id, a]))

  return {
    /** The three lists of the panel: waiting (queue order), chatting, and active agents with their load. */
    async panel(): Promise<Panel> {
      const [agents, waiting, active] = await Promise.all([agentsById(), store.listChats('waiting'), store.listChats('active')])
      const summarize = async (c: ChatRecord) => toSummary(c, await store.getVisitor(c.visitorId), c.agentId ? agents.get(c.agentId) : undefined)
      const counts = new Map<string, number>()
      for (const c of active) if (c.agentId) counts.set(c.agentId, (counts.get(c.agentId) ?? 0) + 1)
      return {
        waiting: await Promise.all(waiting.map(summarize)),
        chatting: await Promise.all(active.map(summarize)),
        agents: [...agents.values()].filter(isAvailable).map((a) => toAgentSummary(a, counts.get(a.id) ?? 0))
      }
    },

    /** A chat as agents list it. */
    async summary(c: ChatRecord): Promise<ChatSummary> {
      return toSummary(c, await store.getVisitor(c.visitorId), c.agentId ? await store.getAgent(c.agentId) : undefined)
    },

    /** A chat as its customer sees it, with the queue position while waiting. */
    async customerView(c: ChatRecord): Promise<CustomerChat> {
      const agent = c.agentId ? await store.getAgent(c.agentId) : undefined
      const position = c.status === 'waiting' ? (await store.listChats('waiting')).findIndex((w) => w.id === c.id) + 1 : undefined
      return toCustomerChat(c, agent, position)
    }
  }
}
