// How a ticket's help-desk delivery reads, in the chat window and the Tickets view.
import type { Ticket } from '../protocol/index.js'

/** The delivery state in a few words: "Sent to the help desk", "Failed: HTTP 500", or '' without a help desk. */
export const deliveryText = (t: Ticket): string => {
  const { status, attempts, error } = t.webhook
  switch (status) {
    case 'none':
      return ''
    case 'pending':
      return attempts > 0 ? 'Sending to the help desk, retrying' + (error ? ' (' + error + ')' : '') : 'Sending to the help desk…'
    case 'delivered':
      return 'Sent to the help desk'
    case 'failed':
      return 'Sending to the help desk failed after ' + attempts + (attempts === 1 ? ' attempt' : ' attempts') + (error ? ': ' + error : '')
  }
}

/** The delivery state for a list cell: "Delivered", "Retrying", "Failed: HTTP 500", or '' without a help desk. */
export const deliveryShort = (t: Ticket): string => {
  const { status, attempts, error } = t.webhook
  switch (status) {
    case 'none':
      return ''
    case 'pending':
      return attempts > 0 ? 'Retrying' : 'Sending…'
    case 'delivered':
      return 'Delivered'
    case 'failed':
      return 'Failed' + (error ? ': ' + error : '')
  }
}

/** The chat link line a ticket's first note starts with, split so the URL can be a link (the blank lines after it go: the link is a paragraph of its own). */
export const noteParts = (note: string): { link?: string; rest: string } => {
  const [first = '', ...rest] = note.split('\n')
  const m = /^Chat: (\S+)$/.exec(first)
  return m ? { link: m[1], rest: rest.join('\n').replace(/^\n+/, '') } : { rest: note }
}
