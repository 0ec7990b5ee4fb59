// How people and events are named in the lists and the transcript.
import { eventSentence, type ChatSummary } from '../protocol/index.js'

/** The customer's name, or "Visitor" when they gave none. */
export const customerName = (chat: ChatSummary | undefined): string => chat?.customer.name?.trim() || 'Visitor'

/** The sentence a system message stands for (shared with the relay's transcripts). */
export const eventText = eventSentence
