// Read receipts from the agent's side: the agent's chat in front, in a visible page, has been
// seen; the relay is told once per message (it keeps the mark across reconnects and says where
// it is in each history, so a reconnect does not tell it twice). A relay whose histories carry no
// read marks does not keep them, and is not told.
import type { AgentMsg } from '../protocol/index.js'
import type { ChatView } from './chat-view.js'
import { isMine, withChat, type State } from './state.js'

/** The seq up to which `chat` has customer messages the relay does not know this agent saw, or 0. */
export const unreadUpTo = (chat: ChatView): number => {
  const seen = chat.agentRead
  // Only what is known without a gap counts as seen: a missing message was not.
  const fresh = chat.messages.some((m) => m.from === 'customer' && m.seq > seen && m.seq <= chat.lastSeq)
  return fresh ? chat.lastSeq : 0
}

/**
 * `state` after the agent has looked at the chat in front: when it is theirs, the page shows it,
 * the relay is reachable and its history is in, a `read` frame up to the last known message.
 */
export const readFront = (state: State): { state: State; out: AgentMsg[] } => {
  const chat = state.active ? state.chats[state.active] : undefined
  if (!chat || state.away || state.conn !== 'online' || !chat.readKnown || chat.syncingAfter !== undefined) return { state, out: [] }
  if (!isMine(chat.summary, state.me)) return { state, out: [] }
  const seq = unreadUpTo(chat)
  if (seq === 0) return { state, out: [] }
  return { state: withChat(state, { ...chat, agentRead: seq }), out: [{ type: 'read', chatId: chat.id, seq }] }
}

/**
 * `chat` with the read marks a history reported: the relay's agent mark is the truth after a
 * reconnect, and only grows. A history without marks changes nothing (nor is such a relay told).
 */
export const adoptReads = (chat: ChatView, reads: { customer: number; agent: number } | undefined): ChatView => {
  if (!reads) return chat
  return {
    ...chat,
    customerRead: Math.max(chat.customerRead, reads.customer),
    agentRead: chat.readKnown ? Math.max(chat.agentRead, reads.agent) : reads.agent,
    readKnown: true
  }
}
