// What happens beside a chat's messages (issue 12): the visitor's rating, read receipts on both
// sides, and agents' internal notes. Notes are announced on the chat's topic as `note` events,
// which only agent sockets turn into frames; they never enter the customer's sequence.
import { MAX_NOTES_PER_CHAT, type ChatNote, type Rating, type ReadMarks } from '../../protocol/index.js'
import { ERR_CONFLICT, ERR_NOT_FOUND, ERR_NOT_OFFERED, ERR_RATED, ERR_TOO_LARGE } from '../errors.js'
import type { ChatAnnouncer, ChatWrites } from './chat-writes.js'
import type { HubContext } from './context.js'
import { topics } from './events.js'
import type { LiveState } from './live-state.js'
import type { SiteState } from './site-state.js'

/** Creates the rating, read-receipt and note operations. */
export const createFeedback = (ctx: HubContext, live: LiveState, writes: ChatWrites, announce: ChatAnnouncer, site: SiteState) => {
  const { store, config, now, publish } = ctx

  return {
    /** The visitor rates their ended chat, once (when the site asks for ratings). */
    async rate(chatId: string, rating: Rating, comment?: string) {
      if (!site.settings().ratings) throw new ERR_NOT_OFFERED('This site does not ask for ratings')
      const result = await store.rateChat(chatId, rating, comment)
      if (result === 'not_found') throw new ERR_NOT_FOUND('Chat')
      if (result === 'rated') throw new ERR_RATED()
      if (result === 'not_ended') throw new ERR_CONFLICT('A chat can be rated once it has ended')
      await live.reloadChat(chatId)
      // The customer's `chat` frame carries the rating; the chat's agent sees it on the summary.
      await announce.publishChat(chatId)
    },

    /** The customer has read up to `seq`: their agent is told once per advance. */
    async customerRead(chatId: string, seq: number) {
      if (await store.markRead(chatId, 'customer', seq)) await publish(topics.chat(chatId), { kind: 'read', chatId, side: 'customer', seq })
    },

    /** An agent has read up to `seq`: counts only from the chat's assigned agent; the customer is told once per advance. */
    async agentRead(agentId: string, chatId: string, seq: number) {
      const chat = await live.chat(chatId)
      if (!chat || chat.agentId !== agentId) return
      if (await store.markRead(chatId, 'agent', seq)) await publish(topics.chat(chatId), { kind: 'read', chatId, side: 'agent', seq })
    },

    /** How far each side has read a chat. */
    readMarks: (chatId: string): Promise<ReadMarks> => store.readMarks(chatId),

    /** Adds an internal note (any agent, to any chat they can open). Idempotent on `id`. */
    async addNote(agentId: string, chatId: string, n: { id: string; text: string }): Promise<ChatNote> {
      const [chat, agent] = await Promise.all([live.chat(chatId), writes.agentRecord(agentId)])
      if (!chat) throw new ERR_NOT_FOUND('Chat')
      if (n.text.length > config.maxTextChars) throw new ERR_TOO_LARGE(`A note may have at most ${config.maxTextChars} characters`)
      const had = await store.listNotes(chatId)
      const same = had.find((x) => x.id === n.id)
      if (same) return same
      if (had.length >= MAX_NOTES_PER_CHAT) throw new ERR_TOO_LARGE(`A chat may have at most ${MAX_NOTES_PER_CHAT} notes`)
      const { note, duplicate } = await store.addNote({ id: n.id, chatId, agentId, name: agent.displayName, text: n.text, at: now() })
      if (!duplicate) await publish(topics.chat(chatId), { kind: 'note', note })
      return note
    },

    /** A chat's internal notes, oldest first (agents only). */
    notes: (chatId: string): Promise<ChatNote[]> => store.listNotes(chatId)
  }
}
