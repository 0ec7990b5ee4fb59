// What an agent can do: go on or off, answer, write, type, end, transfer, requeue, rename and
// tag; and what admins' changes to an account mean for the agent's consoles and the panel.
import { randomId, type ChatMessage, type ChatSummary, type Part, type Ticket } from '../../protocol/index.js'
import { ERR_ENDED, ERR_FORBIDDEN, ERR_MAX_CHATS, ERR_TARGET_MAX_CHATS, ERR_NOT_FOUND, ERR_TAKEN } from '../errors.js'
import type { AgentRecord, ChatRecord } from '../store/store.js'
import type { ChatAnnouncer, ChatWrites } from './chat-writes.js'
import type { HubContext } from './context.js'
import { topics } from './events.js'
import type { LiveState } from './live-state.js'
import { toSelf } from './views.js'

/** What the agent operations need from the read side and from presence. */
export interface AgentReads extends ChatAnnouncer {
  summary(c: ChatRecord): Promise<ChatSummary>
  isAgentAvailable(a: AgentRecord): boolean
}

/** Creates the agent operations. */
export const createAgentOps = (ctx: HubContext, live: LiveState, writes: ChatWrites, reads: AgentReads) => {
  const { store, now, publish, pick } = ctx
  const { agentChat, agentRecord, system } = writes

  const activeChatsOf = (agentId: string) => live.openChats('active').filter((c) => c.agentId === agentId)

  /** Returns every active chat of the agent to the front of the queue. */
  const requeueAgentChats = async (agentId: string) => {
    const chats = activeChatsOf(agentId)
    for (const c of chats) await writes.requeue(c.id, agentId)
  }

  return {
    requeueAgentChats,

    /** The agent's own account. */
    async self(agentId: string) {
      return toSelf(await agentRecord(agentId))
    },

    /** The active chats assigned to the agent. */
    async mine(agentId: string): Promise<ChatSummary[]> {
      return Promise.all(activeChatsOf(agentId).map(reads.summary))
    },

    /** Switches the agent's chat on or off (kept in the store, so across reloads and devices). */
    async setStatus(agentId: string, on: boolean) {
      const a = await store.updateAgent(agentId, { on })
      if (!a) throw new ERR_NOT_FOUND('Agent')
      await live.reloadAgent(agentId)
      await publish(topics.agent(agentId), { kind: 'me', me: toSelf(a) })
      reads.agentChanged(agentId)
    },

    /** Answers a waiting chat. Exactly one of several agents answering at once wins. */
    async accept(agentId: string, chatId: string): Promise<ChatSummary> {
      const agent = await agentRecord(agentId)
      const result = await store.assignChat(chatId, agentId, agent.maxChats, now())
      if (result === 'not_found') throw new ERR_NOT_FOUND('Chat')
      if (result === 'taken') throw new ERR_TAKEN()
      if (result === 'max_chats') throw new ERR_MAX_CHATS(String(agent.maxChats))
      await live.reloadChat(chatId)
      await system(chatId, 'joined', agent.displayName)
      if (agent.greetings.length) {
        const { message } = await store.appendMessage(chatId, {
          id: 'greet-' + randomId(9),
          from: 'agent',
          name: agent.displayName,
          parts: [{ type: 'text', text: pick(agent.greetings) }],
          at: now()
        })
        live.appended(chatId, message.seq)
        await publish(topics.chat(chatId), { kind: 'message', message })
      }
      await reads.publishChat(chatId)
      return reads.summary((await live.chat(chatId))!)
    },

    /** An agent's message in one of their chats. Idempotent on the client id. */
    async agentSend(agentId: string, chatId: string, m: { id: string; parts: Part[] }): Promise<ChatMessage> {
      const [chat, agent] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      return writes.append(chat, { ...m, from: 'agent', name: agent.displayName })
    },

    /** The agent ends one of their chats. */
    async agentEnd(agentId: string, chatId: string) {
      const [chat, agent] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      await writes.end(chat, agent.displayName)
    },

    /** Passes the agent's typing state to the chat's customer. */
    async agentTyping(agentId: string, chatId: string, on: boolean) {
      const [chat, agent] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      if (chat.status !== 'ended') await publish(topics.chat(chatId), { kind: 'typing', chatId, from: 'agent', on, name: agent.displayName })
    },

    /** Hands an agent's chat to another active agent, or back to the front of the queue (`to` absent). */
    async transfer(agentId: string, chatId: string, to?: string) {
      const [chat, from] = await Promise.all([agentChat(agentId, chatId), agentRecord(agentId)])
      if (chat.status !== 'active') throw new ERR_ENDED()
      if (!to) {
        await writes.requeue(chatId, agentId, from.displayName)
        return
      }
      const target = await live.agent(to)
      if (!target || !reads.isAgentAvailable(target)) throw new ERR_NOT_FOUND('Active agent')
      const result = await store.transferChat(chatId, agentId, to, target.maxChats)
      if (result === 'not_yours') throw new ERR_FORBIDDEN('This chat is not yours')
      if (result === 'max_chats') throw new ERR_TARGET_MAX_CHATS(target.displayName, String(target.maxChats))
      await live.reloadChat(chatId)
      await system(chatId, 'transferred', target.displayName)
      // Both agents hear of it: the new one to open it, the old one to let it go.
      await reads.publishChat(chatId, [agentId])
    },

    /** Saves the agent's own settings (the seed's Settings control). */
    async saveSettings(agentId: string, s: { greetings: string[]; maxChats: number; displayName: string; sound: boolean; notifications: boolean }) {
      const a = await store.updateAgent(agentId, s)
      if (!a) throw new ERR_NOT_FOUND('Agent')
      await live.reloadAgent(agentId)
      await publish(topics.agent(agentId), { kind: 'me', me: toSelf(a) })
      reads.agentChanged(agentId)
      return toSelf(a)
    },

    /** Renames and/or retags a chat (any agent may). */
    async updateChat(chatId: string, patch: { title?: string; tags?: string[] }) {
      const updated = await store.updateChat(chatId, patch)
      if (!updated) throw new ERR_NOT_FOUND('Chat')
      await live.reloadChat(chatId)
      await reads.publishChat(chatId)
      return reads.summary((await live.chat(chatId)) ?? updated)
    },

    /** Tells the agent's consoles and everyone's panel that an account changed. */
    async agentChanged(agentId: string) {
      await live.reloadAgent(agentId)
      await publish(topics.agent(agentId), { kind: 'me', me: toSelf(await agentRecord(agentId)) })
      reads.agentChanged(agentId)
    },

    /** Ends every session of an agent and closes their open sockets at once. */
    async revokeAgent(agentId: string) {
      await store.revokeSessions(agentId)
      await live.reloadAgent(agentId)
      await publish(topics.agent(agentId), { kind: 'revoked' })
      reads.agentChanged(agentId)
    },

    /**
     * An agent was removed or disabled: their active chats go back to the front of the queue at
     * once (no grace period: they are not coming back) and the panel forgets them.
     */
    async agentRemoved(agentId: string) {
      await live.reloadAgent(agentId)
      await requeueAgentChats(agentId)
      reads.agentChanged(agentId)
    },

    /** Tells everyone a chat changed outside the hub (e.g. it got a ticket). */
    async touchChat(chatId: string) {
      await live.reloadChat(chatId)
      await reads.publishChat(chatId)
    },

    /** Tells every agent about a new or changed ticket. */
    ticketChanged: (ticket: Ticket) => publish(topics.agents, { kind: 'ticket', ticket }),

    /** A chat's summary, for any agent (agents of a team see every chat). */
    async chatSummary(chatId: string): Promise<ChatSummary> {
      const chat = await live.chat(chatId)
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      return reads.summary(chat)
    }
  }
}
