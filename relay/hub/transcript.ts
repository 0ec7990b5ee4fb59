// A chat as plain text: for a ticket's first note and for webhooks. Customer text stays inert text.
import { eventSentence, partsText, type ChatMessage, type ChatNote } from '../../protocol/index.js'

const time = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'

/** One line per message: `[2026-11-24 12:00 UTC] Alice: Hello`. */
export const transcriptText = (messages: readonly ChatMessage[], customerName = 'Customer'): string =>
  messages
    .map((m) => {
      const text =
        m.from === 'system' ? `— ${eventSentence(m, customerName)}` : `${m.from === 'agent' ? (m.name ?? 'Agent') : customerName}: ${partsText(m.parts)}`
      return `[${time(m.at)}] ${text}`
    })
    .join('\n')

/** A ticket's first note: the link, the rating, the chat's origin, the transcript and agents' internal notes. */
export const ticketNote = (t: {
  chat: { rating?: string; ratingComment?: string; offline?: boolean; outsideHours?: boolean; topic?: string }
  link: string
  messages: readonly ChatMessage[]
  notes: readonly ChatNote[]
  customerName: string
}): string => {
  const facts = [
    t.chat.offline ? 'Left through the offline form' + (t.chat.outsideHours ? ', outside business hours' : '') : '',
    t.chat.topic ? `Topic: ${t.chat.topic}` : '',
    t.chat.rating ? `Rating: ${t.chat.rating}${t.chat.ratingComment ? ` — ${t.chat.ratingComment}` : ''}` : ''
  ].filter(Boolean)
  const notes = t.notes.length ? `\n\nInternal notes:\n${t.notes.map((n) => `[${time(n.at)}] ${n.name}: ${n.text}`).join('\n')}` : ''
  return `Chat: ${t.link}${facts.length ? '\n' + facts.join('\n') : ''}\n\nTranscript:\n${transcriptText(t.messages, t.customerName)}${notes}`
}
