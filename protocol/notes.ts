// Internal notes: what agents write about a chat for each other. Never part of the customer's
// transcript: not in its sequence, never on the customer socket, in the widget or the transcript
// mail; they do go into the ticket made from the chat.

/** A note an agent added to a chat. */
export interface ChatNote {
  /** client-generated id, unique per chat (idempotency key) */
  id: string
  chatId: string
  agentId: string
  /** the agent's display name when they wrote it */
  name: string
  text: string
  /** ms since epoch, relay clock */
  at: number
}

/** Notes one chat may have at most (a history frame carries them all). */
export const MAX_NOTES_PER_CHAT = 200
