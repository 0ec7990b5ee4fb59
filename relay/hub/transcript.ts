// A chat as plain text: for a ticket's first note and for webhooks. Customer text stays inert text.
import { eventSentence, partsText, type ChatMessage } from '../../protocol/index.js'

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
