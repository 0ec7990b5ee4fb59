// Writing to a chat, shared by the customer's and the agent's operations: messages (checked and
// stored), system events, ending and requeueing. Each write is announced on the chat's topic.
import { randomId, type ChatMessage, type Part } from '../../protocol/index.js'
import { ERR_ENDED, ERR_FORBIDDEN, ERR_NOT_FOUND, ERR_TOO_LARGE } from '../errors.js'
import { bindImages } from '../security/image-parts.js'
import type { ChatRecord } from '../store/store.js'
import type { HubContext } from './context.js'
import { topics } from './events.js'
import type { LiveState } from './live-state.js'

/** How the writes tell the rest of the hub what changed (the panel, the chat's followers). */
export interface ChatAnnouncer {
  /** the chat's state changed: tell its sockets, its agent and `alsoAgents`; the panel follows */
  publishChat(chatId: string, alsoAgents?: string[]): Promise<void>
  /** the chat changed in the panel only (no follower needs a frame) */
  chatChanged(chatId: string): void
  /** an agent changed (account, on/off, presence) */
  agentChanged(agentId: string): void
}

export type ChatWrites = ReturnType<typeof createChatWrites>

/** Creates the chat writes over the hub's context. */
export const createChatWrites = (ctx: HubContext, live: LiveState, announce: ChatAnnouncer) => {
  const { store, config, now, publish } = ctx

  const checkText = (parts: Part[]) => {
    for (const p of parts)
      if (p.type === 'text' && p.text.length > config.maxTextChars) throw new ERR_TOO_LARGE(`A message may have at most ${config.maxTextChars} characters`)
  }

  /** Records a system event (joined, ended, …) in the transcript and announces it. */
  const system = async (chatId: string, event: ChatMessage['event'], name?: string) => {
    const { message } = await store.appendMessage(chatId, { id: 'sys-' + randomId(9), from: 'system', parts: [], at: now(), event, ...(name ? { name } : {}) })
    live.appended(chatId, message.seq)
    await publish(topics.chat(chatId), { kind: 'message', message })
  }

  return {
    checkText,
    system,

    /** Stores a customer's or agent's message (idempotent on its client id) and announces it once. */
    async append(chat: ChatRecord, m: { id: string; from: 'customer' | 'agent'; name?: string; parts: Part[] }) {
      if (chat.status === 'ended') throw new ERR_ENDED()
      checkText(m.parts)
      // Images: only this chat's uploads, described by the stored upload rather than the client.
      const parts = await bindImages(store, chat.id, m.parts)
      const { message, duplicate } = await store.appendMessage(chat.id, { ...m, parts, at: now() })
      live.appended(chat.id, message.seq)
      // In cluster mode a resent message is announced again: the node that stored it may have died
      // before announcing it (clients drop what they already have, by seq).
      if (!duplicate || ctx.cluster) await publish(topics.chat(chat.id), { kind: 'message', message })
      return message
    },

    /** Ends a chat (once) and records who ended it. */
    async end(chat: ChatRecord, by: string) {
      if (!(await store.endChat(chat.id, now()))) return
      await live.reloadChat(chat.id)
      await system(chat.id, 'ended', by)
      await announce.publishChat(chat.id)
    },

    /**
     * Puts an agent's chat back at the front of the queue; the customer is told. `onlyIfTheirs`:
     * only while the store still has it as `fromAgentId`'s (a sweep that read it a moment ago; a
     * removed agent's chats have no agent any more and go back regardless).
     */
    async requeue(chatId: string, fromAgentId: string, by?: string, onlyIfTheirs = false) {
      if (!(await store.requeueChat(chatId, onlyIfTheirs ? fromAgentId : undefined))) return false
      await live.reloadChat(chatId)
      await system(chatId, 'requeued', by)
      await announce.publishChat(chatId, [fromAgentId])
      return true
    },

    /** The chat, if it is `agentId`'s; ERR_NOT_FOUND or ERR_FORBIDDEN otherwise. */
    async agentChat(agentId: string, chatId: string) {
      const chat = await live.chat(chatId)
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      if (chat.agentId !== agentId) throw new ERR_FORBIDDEN('This chat is not yours')
      return chat
    },

    /** The agent's record; ERR_NOT_FOUND when it is gone. */
    async agentRecord(agentId: string) {
      const a = await live.agent(agentId)
      if (!a) throw new ERR_NOT_FOUND('Agent')
      return a
    }
  }
}
