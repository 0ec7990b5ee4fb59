// A chat as plain text: for a ticket's first note and for webhooks. Customer text stays inert text.
import { partsText, type ChatMessage } from '../../protocol/index.js'

const time = (at: number) => new Date(at).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'

const eventLine = (m: ChatMessage, customerName: string): string => {
  const who = m.name === 'customer' ? customerName : (m.name ?? 'Someone')
  switch (m.event) {
    case 'joined':
      return `${who} joined the chat`
    case 'left':
      return `${who} left the chat`
    case 'ended':
      return `${who} ended the chat`
    case 'transferred':
      return `${who} took over the chat`
    case 'requeued':
    case undefined:
      return 'The chat went back to the waiting queue'
  }
}

/** One line per message: `[2026-11-24 12:00 UTC] Alice: Hello`. */
export const transcriptText = (messages: readonly ChatMessage[], customerName = 'Customer'): string =>
  messages
    .map((m) => {
      const text = m.from === 'system' ? `— ${eventLine(m, customerName)}` : `${m.from === 'agent' ? (m.name ?? 'Agent') : customerName}: ${partsText(m.parts)}`
      return `[${time(m.at)}] ${text}`
    })
    .join('\n')
