// One chat as the console holds it: the transcript in seq order, the agent's unacknowledged
// messages, and how far the transcript is known without gaps. Pure functions over plain objects.
import type { ChatMessage, ChatNote, ChatSummary, ChatTech, Part } from '../protocol/index.js'

/** A message the agent sent that the relay has not acknowledged yet. */
export interface Outgoing {
  /** client id, resent unchanged after a reconnect (the relay dedupes by it) */
  id: string
  parts: Part[]
  /** ms since epoch, local clock */
  at: number
  /** why the relay refused it; unset while it is still on its way */
  failed?: string
}

/** An internal note this agent wrote that the relay has not echoed yet. */
export interface OutgoingNote {
  /** client id, resent unchanged after a reconnect (the relay dedupes by it) */
  id: string
  text: string
  /** ms since epoch, local clock */
  at: number
  /** why the relay refused it; unset while it is on its way */
  failed?: string
}

/** What the composer sends: a reply the customer sees, or an internal note only agents see. */
export type ComposeMode = 'reply' | 'note'

/** Everything the console knows about one chat. */
export interface ChatView {
  id: string
  /** the chat as the relay last described it (unset until a `chat` frame or `welcome` names it) */
  summary?: ChatSummary
  /** committed messages, sorted by seq, unique by id */
  messages: ChatMessage[]
  /** sent by this agent, not acknowledged yet, in send order */
  outgoing: Outgoing[]
  /** highest seq such that every message 1..lastSeq is known */
  lastSeq: number
  /** the `after` of a sync on its way, so a gap is asked for once */
  syncingAfter?: number
  /** set while the customer types; `text` is their draft when they share it */
  typing?: { text?: string }
  /** customer messages that arrived while another chat was in front */
  unread: number
  /** what the agent has typed in the composer */
  draft: string
  /** technical details, once loaded from `GET /api/chats/:id` */
  tech?: ChatTech
  /** internal notes, by time, unique by id; never part of the customer's transcript */
  notes: ChatNote[]
  /** notes this agent wrote that the relay has not echoed yet, in order */
  noteOutgoing: OutgoingNote[]
  /** whether the composer writes a reply or a note */
  composing: ComposeMode
  /** the customer has seen every message up to this seq */
  customerRead: number
  /** this agent's read mark as far as the relay has it (sent by this console or reported in a history) */
  agentRead: number
  /**
   * whether `agentRead` is the relay's own figure: set by a history carrying read marks, unset by a
   * reconnect until the next history; a relay whose histories carry none keeps no read receipts
   */
  readKnown: boolean
}

/** A chat view with nothing known yet. */
export const emptyChat = (id: string, summary?: ChatSummary): ChatView => ({
  id,
  summary,
  messages: [],
  outgoing: [],
  lastSeq: 0,
  unread: 0,
  draft: '',
  notes: [],
  noteOutgoing: [],
  composing: 'reply',
  customerRead: 0,
  agentRead: 0,
  readKnown: false
})

/** The highest seq reached from `from` without a gap in the sorted `messages`. */
const contiguous = (messages: readonly ChatMessage[], from: number): number => {
  let seq = from
  for (const m of messages) if (m.seq === seq + 1) seq++
  return seq
}

/** What merging messages into a chat changed. */
export interface Merged {
  chat: ChatView
  /** customer messages that were not known before */
  fromCustomer: number
}

/**
 * Adds `incoming` to the transcript: deduped by id (the relay's copy wins), sorted by seq,
 * and drops outgoing messages the relay has now committed.
 */
export const mergeMessages = (chat: ChatView, incoming: readonly ChatMessage[]): Merged => {
  if (incoming.length === 0) return { chat, fromCustomer: 0 }
  const byId = new Map(chat.messages.map((m) => [m.id, m]))
  let fromCustomer = 0
  for (const m of incoming) {
    if (m.chatId !== chat.id) continue
    if (!byId.has(m.id) && m.from === 'customer') fromCustomer++
    byId.set(m.id, m)
  }
  const messages = [...byId.values()].sort((a, b) => a.seq - b.seq)
  const outgoing = chat.outgoing.filter((o) => !byId.has(o.id))
  return {
    chat: {
      ...chat,
      messages,
      outgoing: outgoing.length === chat.outgoing.length ? chat.outgoing : outgoing,
      lastSeq: contiguous(messages, 0)
    },
    fromCustomer
  }
}

/** Whether messages beyond `lastSeq` are known while some before them are missing. */
export const hasGap = (chat: ChatView): boolean => {
  const last = chat.messages[chat.messages.length - 1]
  return last !== undefined && last.seq > chat.lastSeq
}
