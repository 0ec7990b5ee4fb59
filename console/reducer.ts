// The console's reducer. Pure: every step returns the next state and the frames to send, so the
// whole protocol logic (dedupe, ordering, gap sync, resend) is testable without a DOM.
import type { AgentMsg, ChatDetails, ChatSummary, ImagePart, Part, RelayToAgent, Ticket } from '../protocol/index.js'
import { emptyChat, mergeMessages, type ComposeMode } from './chat-view.js'
import { applyFrame } from './frames.js'
import { readFront } from './read-receipts.js'
import { isMine, OFFLINE_TEXT, toast, withChat, without, type ConnStatus, type State, type Step } from './state.js'

export { initialState, isMine, OFFLINE_TEXT, type ConnStatus, type State, type Step, type Toast } from './state.js'

/** What can happen to the console: a relay frame, a socket change, or an agent's action. */
export type Action =
  | { type: 'frame'; frame: RelayToAgent }
  | { type: 'conn'; status: ConnStatus; retryAt?: number }
  | { type: 'accept'; chatId: string }
  | { type: 'status'; on: boolean }
  /** `id` is the new message's client id, `at` the local time (ms since epoch) */
  | { type: 'send'; chatId: string; id: string; text: string; at: number }
  /** an uploaded image, sent as a message of its own (the draft stays); `id` and `at` as for `send` */
  | { type: 'image'; chatId: string; id: string; image: ImagePart; at: number }
  /** an internal note (only agents see it); `id` and `at` as for `send` */
  | { type: 'note'; chatId: string; id: string; text: string; at: number }
  /** the composer writes replies or notes */
  | { type: 'compose'; chatId: string; mode: ComposeMode }
  /** sends a refused message or note again */
  | { type: 'retry'; chatId: string; id: string }
  | { type: 'end'; chatId: string }
  /** hand the chat to agent `to`, or back to the waiting queue without `to` */
  | { type: 'transfer'; chatId: string; to?: string }
  | { type: 'typing'; chatId: string; on: boolean }
  /** bring a chat to front, opening any chat of the lists (other agents' chats read-only) */
  | { type: 'focus'; chatId: string }
  | { type: 'close'; chatId: string }
  /** the chat in front went out of sight (tab hidden, another view) or came back, which reads it */
  | { type: 'away'; away: boolean }
  | { type: 'draft'; chatId: string; text: string }
  | { type: 'toast'; text: string; tone?: 'info' }
  | { type: 'dismiss'; id: number }
  /** a chat's summary from an HTTP answer (rename, tag) */
  | { type: 'summary'; chat: ChatSummary }
  /** a chat from `GET /api/chats/:id`; `open` brings it to front (the archive), else it only fills in a known chat */
  | { type: 'details'; details: ChatDetails; open: boolean }
  /** a ticket from an HTTP answer (Turn chat into ticket, close, reopen) */
  | { type: 'ticket'; ticket: Ticket }
  /** the ticket list from `GET /api/tickets` */
  | { type: 'tickets'; tickets: Ticket[] }

/** Sends `msg` when online, or explains that it cannot. */
const need = (state: State, msg: AgentMsg): Step => (state.conn === 'online' ? { state, out: [msg] } : { state: toast(state, OFFLINE_TEXT), out: [] })

/** Applies one action; then, should the agent now see new customer messages in their chat, tells the relay. */
export const reduce = (state: State, action: Action): Step => {
  const step = apply(state, action)
  const read = readFront(step.state)
  return read.out.length ? { state: read.state, out: [...step.out, ...read.out] } : step
}

/** One action's own effect. */
const apply = (state: State, action: Action): Step => {
  switch (action.type) {
    case 'frame':
      return applyFrame(state, action.frame)
    case 'conn':
      return { state: { ...state, conn: action.status, retryAt: action.retryAt }, out: [] }
    case 'accept': {
      if (isMine(state.chats[action.chatId]?.summary, state.me)) return reduce(state, { type: 'focus', chatId: action.chatId })
      const step = need(state, { type: 'accept', chatId: action.chatId })
      if (step.out.length === 0) return step
      return { ...step, state: { ...step.state, accepting: [...without(state.accepting, action.chatId), action.chatId] } }
    }
    case 'status':
      return need(state, { type: 'status', on: action.on })
    case 'end':
      return need(state, { type: 'end', chatId: action.chatId })
    case 'transfer':
      return need(state, action.to ? { type: 'transfer', chatId: action.chatId, to: action.to } : { type: 'transfer', chatId: action.chatId })
    case 'typing':
      return { state, out: state.conn === 'online' ? [{ type: 'typing', chatId: action.chatId, on: action.on }] : [] }
    case 'send':
    case 'image': {
      const chat = state.chats[action.chatId]
      const text = action.type === 'send' ? action.text.trim() : ''
      if (!chat || (action.type === 'send' && text === '')) return { state, out: [] }
      const parts: Part[] = action.type === 'send' ? [{ type: 'text', text }] : [action.image]
      const next = withChat(state, {
        ...chat,
        draft: action.type === 'send' ? '' : chat.draft,
        outgoing: [...chat.outgoing, { id: action.id, parts, at: action.at }]
      })
      // Offline, the message waits in `outgoing` and goes out after the next welcome.
      return { state: next, out: state.conn === 'online' ? [{ type: 'send', chatId: chat.id, id: action.id, parts }] : [] }
    }
    case 'note': {
      const chat = state.chats[action.chatId]
      const text = action.text.trim()
      if (!chat || text === '') return { state, out: [] }
      const next = withChat(state, { ...chat, draft: '', noteOutgoing: [...chat.noteOutgoing, { id: action.id, text, at: action.at }] })
      // Offline, the note waits and goes out after the next welcome, like a message.
      return { state: next, out: state.conn === 'online' ? [{ type: 'note', chatId: chat.id, id: action.id, text }] : [] }
    }
    case 'compose': {
      const chat = state.chats[action.chatId]
      return { state: chat ? withChat(state, { ...chat, composing: action.mode }) : state, out: [] }
    }
    case 'retry': {
      const chat = state.chats[action.chatId]
      const note = chat?.noteOutgoing.find((x) => x.id === action.id)
      if (chat && note) {
        const next = withChat(state, { ...chat, noteOutgoing: chat.noteOutgoing.map((x) => (x.id === note.id ? { id: x.id, text: x.text, at: x.at } : x)) })
        return { state: next, out: state.conn === 'online' ? [{ type: 'note', chatId: chat.id, id: note.id, text: note.text }] : [] }
      }
      const o = chat?.outgoing.find((x) => x.id === action.id)
      if (!chat || !o) return { state, out: [] }
      const next = withChat(state, {
        ...chat,
        outgoing: chat.outgoing.map((x) => (x.id === o.id ? { id: x.id, parts: x.parts, at: x.at } : x))
      })
      return { state: next, out: state.conn === 'online' ? [{ type: 'send', chatId: chat.id, id: o.id, parts: o.parts }] : [] }
    }
    case 'focus': {
      const known = state.chats[action.chatId]
      if (!known) {
        // Agents see every chat: open one of the lists and catch up on its transcript.
        const { waiting, chatting } = state.panel
        const summary = [...chatting, ...waiting].find((c) => c.id === action.chatId)
        if (!summary) return { state, out: [] }
        const chat = { ...emptyChat(summary.id, summary), syncingAfter: state.conn === 'online' ? 0 : undefined }
        return {
          state: { ...withChat(state, chat), open: [...state.open, chat.id], active: chat.id },
          out: state.conn === 'online' ? [{ type: 'sync', chatId: chat.id, after: 0 }] : []
        }
      }
      const open = state.open.includes(known.id) ? state.open : [...state.open, known.id]
      return { state: { ...withChat(state, { ...known, unread: 0 }), open, active: known.id }, out: [] }
    }
    case 'close': {
      const at = state.open.indexOf(action.chatId)
      const open = without(state.open, action.chatId)
      const chats = { ...state.chats }
      delete chats[action.chatId]
      const active = state.active === action.chatId ? (open[Math.min(Math.max(at, 0), open.length - 1)] ?? null) : state.active
      // The relay follows every chat this console synced; a read-only one it may stop sending.
      const leave = !isMine(state.chats[action.chatId]?.summary, state.me) && state.conn === 'online'
      return { state: { ...state, chats, open, active }, out: leave ? [{ type: 'leave', chatId: action.chatId }] : [] }
    }
    case 'away': {
      const front = state.active ? state.chats[state.active] : undefined
      const next: State = { ...state, away: action.away }
      return { state: !action.away && front && front.unread > 0 ? withChat(next, { ...front, unread: 0 }) : next, out: [] }
    }
    case 'draft': {
      const chat = state.chats[action.chatId]
      return { state: chat ? withChat(state, { ...chat, draft: action.text }) : state, out: [] }
    }
    case 'toast':
      return { state: toast(state, action.text, action.tone), out: [] }
    case 'dismiss':
      return { state: { ...state, toasts: state.toasts.filter((t) => t.id !== action.id) }, out: [] }
    case 'summary': {
      const known = state.chats[action.chat.id]
      return { state: known ? withChat(state, { ...known, summary: action.chat }) : state, out: [] }
    }
    case 'details': {
      const { chat: summary, messages, tech } = action.details
      const known = state.chats[summary.id]
      if (!known && !action.open) return { state, out: [] }
      const base = known ?? emptyChat(summary.id)
      // A known chat keeps the relay's live summary; a chat from the archive takes this one.
      const { chat } = mergeMessages({ ...base, summary: known?.summary ?? summary, tech }, messages)
      const next = withChat(state, chat)
      if (!action.open) return { state: next, out: [] }
      const open = next.open.includes(chat.id) ? next.open : [...next.open, chat.id]
      const opened: State = { ...next, open, active: chat.id }
      // Followed live from here (the relay follows every chat an agent syncs); an ended chat too, for
      // its internal notes, which come with the history and never with `GET /api/chats/:id`.
      if (known || state.conn !== 'online') return { state: opened, out: [] }
      return {
        state: withChat(opened, { ...chat, syncingAfter: chat.lastSeq }),
        out: [{ type: 'sync', chatId: chat.id, after: chat.lastSeq }]
      }
    }
    case 'ticket':
      return { state: { ...state, tickets: { ...state.tickets, [action.ticket.chatId]: action.ticket } }, out: [] }
    case 'tickets': {
      const tickets = { ...state.tickets }
      for (const t of action.tickets) tickets[t.chatId] = t
      return { state: { ...state, tickets }, out: [] }
    }
  }
  const unknown: never = action
  return unknown
}
