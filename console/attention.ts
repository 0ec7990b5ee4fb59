// What asks for the agent's attention while they look elsewhere: the count in the tab title and
// the customer messages a desktop notification tells about. Pure functions over the state.
import type { ChatMessage } from '../protocol/index.js'
import type { ChatView } from './chat-view.js'
import { isMine, type State } from './state.js'

/** The title of a console without news. */
export const BASE_TITLE = 'Parley console'

/** The tab title: `n` things waiting for the agent in front of the base title, e.g. "(3) Parley console". */
export const tabTitle = (n: number): string => (n > 0 ? '(' + n + ') ' : '') + BASE_TITLE

/** Unread customer messages in this agent's own chats (read-only chats of others do not count). */
export const unreadMine = (state: State): number =>
  state.open.reduce((sum, id) => {
    const chat = state.chats[id]
    return chat && isMine(chat.summary, state.me) ? sum + chat.unread : sum
  }, 0)

/** What a message says in a notification's one line: its text, or that it is an image. */
export const messageLine = (message: ChatMessage): string => {
  const text = message.parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join(' ')
  return text || (message.parts.some((p) => p.type === 'image') ? 'Sent an image' : '')
}

/** The own chats with more unread customer messages than in `before` (chat id → unread), each with its newest customer message. */
export const freshMessages = (before: Record<string, number>, state: State): { chat: ChatView; message: ChatMessage }[] =>
  state.open.flatMap((id) => {
    const chat = state.chats[id]
    if (!chat || !isMine(chat.summary, state.me) || chat.unread <= (before[id] ?? 0)) return []
    const message = [...chat.messages].reverse().find((m) => m.from === 'customer')
    return message ? [{ chat, message }] : []
  })

/** Unread customer messages by chat id, for the next {@link freshMessages}. */
export const unreadById = (state: State): Record<string, number> =>
  Object.fromEntries(state.open.flatMap((id) => (state.chats[id] ? [[id, state.chats[id]!.unread]] : [])))
