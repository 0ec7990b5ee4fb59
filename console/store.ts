// The console's state and its reducer. Pure: every step returns the next state and the frames to
// send, so the whole protocol logic (dedupe, ordering, gap sync, resend) is testable without a DOM.
import type { AgentMsg, AgentSelf, ChatDetails, ChatSummary, ErrorCode, Panel, RelayToAgent, Ticket } from '../protocol/index.js'
import { emptyChat, hasGap, mergeMessages, type ChatView, type Outgoing } from './chat-view.js'

/** Where the agent socket is: `online` once the relay has answered hello with welcome. */
export type ConnStatus = 'connecting' | 'online' | 'offline'

/** A message for the agent that stays until dismissed or timed out. */
export interface Toast {
  id: number
  text: string
}

/** Everything the console shows. */
export interface State {
  /** the agent; null until the first welcome */
  me: AgentSelf | null
  panel: Panel
  chats: Record<string, ChatView>
  /** chat windows in tab order */
  open: string[]
  /** the chat window in front */
  active: string | null
  /** chats this agent asked to accept and the relay has not answered yet */
  accepting: string[]
  conn: ConnStatus
  /** when offline: the next reconnect attempt (ms since epoch) */
  retryAt?: number
  toasts: Toast[]
  /** id of the last toast */
  toastSeq: number
  /** tickets made from chats, by chat id, as the relay last described them */
  tickets: Record<string, Ticket>
}

/** What can happen to the console: a relay frame, a socket change, or an agent's action. */
export type Action =
  | { type: 'frame'; frame: RelayToAgent }
  | { type: 'conn'; status: ConnStatus; retryAt?: number }
  | { type: 'accept'; chatId: string }
  | { type: 'status'; on: boolean }
  /** `id` is the new message's client id, `at` the local time (ms since epoch) */
  | { type: 'send'; chatId: string; id: string; text: string; at: number }
  | { type: 'retry'; chatId: string; id: string }
  | { type: 'end'; chatId: string }
  /** hand the chat to agent `to`, or back to the waiting queue without `to` */
  | { type: 'transfer'; chatId: string; to?: string }
  | { type: 'typing'; chatId: string; on: boolean }
  /** bring a chat to front, opening any chat of the lists (other agents' chats read-only) */
  | { type: 'focus'; chatId: string }
  | { type: 'close'; chatId: string }
  | { type: 'draft'; chatId: string; text: string }
  | { type: 'toast'; text: string }
  | { type: 'dismiss'; id: number }
  /** a chat's summary from an HTTP answer (rename, tag) */
  | { type: 'summary'; chat: ChatSummary }
  /** a chat from `GET /api/chats/:id`; `open` brings it to front (the archive), else it only fills in a known chat */
  | { type: 'details'; details: ChatDetails; open: boolean }
  /** a ticket from an HTTP answer (Turn chat into ticket) */
  | { type: 'ticket'; ticket: Ticket }

/** One reducer step: the next state and the frames to send, in order. */
export interface Step {
  state: State
  out: AgentMsg[]
}

/** Toasts kept at once; older ones give way. */
const MAX_TOASTS = 4

/** Shown when an action needs the relay and the socket is down. */
export const OFFLINE_TEXT = 'Not connected to the server. Try again in a moment.'

/** The state before the first welcome. */
export const initialState = (): State => ({
  me: null,
  panel: { waiting: [], chatting: [], agents: [] },
  chats: {},
  open: [],
  active: null,
  accepting: [],
  conn: 'connecting',
  toasts: [],
  toastSeq: 0,
  tickets: {}
})

/** Whether `summary` is an active chat of agent `me`. */
export const isMine = (summary: ChatSummary | undefined, me: AgentSelf | null): boolean =>
  summary !== undefined && me !== null && summary.status === 'active' && summary.agentId === me.id

const toast = (state: State, text: string): State => {
  const id = state.toastSeq + 1
  return { ...state, toastSeq: id, toasts: [...state.toasts, { id, text }].slice(-MAX_TOASTS) }
}

const withChat = (state: State, chat: ChatView): State => ({ ...state, chats: { ...state.chats, [chat.id]: chat } })

const without = (list: readonly string[], id: string): string[] => list.filter((x) => x !== id)

/** Merges messages into a known chat and asks for a gap once; `history` answers the pending sync. */
const merge = (state: State, chat: ChatView, frame: RelayToAgent & { type: 'history' | 'message' | 'ack' }): Step => {
  const incoming =
    frame.type === 'history'
      ? frame.messages
      : frame.type === 'message'
        ? [frame.message]
        : chat.outgoing
            .filter((o) => o.id === frame.id)
            .map((o) => ({
              id: o.id,
              chatId: chat.id,
              seq: frame.seq,
              from: 'agent' as const,
              // The relay names agent messages by display name; the broadcast copy replaces this one anyway.
              name: state.me?.displayName,
              parts: o.parts,
              at: frame.at
            }))
  const { chat: merged, fromCustomer } = mergeMessages(chat, incoming)
  let next: ChatView = merged
  if (frame.type === 'history') next = { ...next, syncingAfter: undefined }
  if (fromCustomer > 0) next = { ...next, typing: undefined, unread: next.unread + (state.active === chat.id ? 0 : fromCustomer) }
  const out: AgentMsg[] = []
  // A history answers a sync; asking again after it could loop, the next message will ask anew.
  if (frame.type !== 'history' && hasGap(next) && next.syncingAfter !== next.lastSeq && state.conn === 'online') {
    out.push({ type: 'sync', chatId: chat.id, after: next.lastSeq })
    next = { ...next, syncingAfter: next.lastSeq }
  }
  return { state: withChat(state, next), out }
}

/** Answer to hello: adopt the lists, reopen this agent's chats, catch up on every open chat, resend. */
const welcome = (state: State, frame: RelayToAgent & { type: 'welcome' }): Step => {
  const chats = { ...state.chats }
  const open = [...state.open]
  for (const summary of frame.mine) {
    chats[summary.id] = { ...(chats[summary.id] ?? emptyChat(summary.id)), summary }
    if (!open.includes(summary.id)) open.push(summary.id)
  }
  const mine = new Set(frame.mine.map((c) => c.id))
  const listed = new Map([...frame.panel.waiting, ...frame.panel.chatting].map((c) => [c.id, c]))
  const out: AgentMsg[] = []
  for (const chatId of open) {
    let chat = chats[chatId] ?? emptyChat(chatId)
    // A chat that left this agent while offline: show where it went, or that it ended.
    if (!mine.has(chatId) && chat.summary && chat.summary.status !== 'ended')
      chat = { ...chat, summary: listed.get(chatId) ?? { ...chat.summary, status: 'ended' } }
    const active = isMine(chat.summary, frame.me)
    out.push({ type: 'sync', chatId, after: chat.lastSeq })
    for (const o of chat.outgoing)
      if (!o.failed && active) out.push({ type: 'send', chatId, id: o.id, parts: o.parts })
    const outgoing = active ? chat.outgoing : chat.outgoing.map((o) => (o.failed ? o : { ...o, failed: 'The chat is no longer yours' }))
    chats[chatId] = { ...chat, outgoing, typing: undefined, syncingAfter: chat.lastSeq }
  }
  return {
    state: {
      ...state,
      me: frame.me,
      panel: frame.panel,
      chats,
      open,
      active: state.active ?? open[0] ?? null,
      accepting: [],
      conn: 'online',
      retryAt: undefined
    },
    out
  }
}

/** A chat of this agent was assigned, changed or ended. */
const chatFrame = (state: State, summary: ChatSummary): Step => {
  const known = state.chats[summary.id]
  const wasAccepting = state.accepting.includes(summary.id)
  const accepting = wasAccepting ? without(state.accepting, summary.id) : state.accepting
  const mine = isMine(summary, state.me)
  if (!known && !mine) return { state: { ...state, accepting }, out: [] }
  const chat: ChatView = {
    ...(known ?? emptyChat(summary.id)),
    summary,
    typing: summary.status === 'ended' ? undefined : known?.typing
  }
  const open = mine && !state.open.includes(summary.id) ? [...state.open, summary.id] : state.open
  const active = wasAccepting || state.active === null ? summary.id : state.active
  const next: State = { ...withChat(state, wasAccepting ? { ...chat, unread: 0 } : chat), accepting, open, active }
  // Accepting brings its own history; a chat handed over some other way (transfer) does not.
  if (mine && !wasAccepting && !isMine(known?.summary, state.me) && state.conn === 'online')
    return {
      state: withChat(next, { ...chat, syncingAfter: chat.lastSeq }),
      out: [{ type: 'sync', chatId: summary.id, after: chat.lastSeq }]
    }
  return { state: next, out: [] }
}

/** Codes after which no message can reach the chat any more. */
const CHAT_CLOSED: readonly ErrorCode[] = ['ended', 'forbidden', 'not_found']

/**
 * Applies an error to what it refused. The relay sets `ref` to the chat id for every chat action
 * (a send's error does not name the message), but it answers one frame at a time in order: a send
 * error belongs to the oldest message still on its way. After a chat-closed code none can arrive.
 */
const refused = (state: State, frame: RelayToAgent & { type: 'error' }): State => {
  const ref = frame.ref
  if (ref === undefined) return state
  let next: State = { ...state, accepting: without(state.accepting, ref) }
  for (const chat of Object.values(next.chats)) {
    const byId = chat.outgoing.some((o) => o.id === ref)
    const waiting = chat.outgoing.filter((o) => !o.failed)
    const oldest = waiting[0]
    if (!byId && (chat.id !== ref || !oldest)) continue
    const hit = (o: Outgoing) =>
      byId ? o.id === ref : !o.failed && (CHAT_CLOSED.includes(frame.code) || o.id === oldest?.id)
    next = withChat(next, { ...chat, outgoing: chat.outgoing.map((o) => (hit(o) ? { ...o, failed: frame.message } : o)) })
  }
  return next
}

const onFrame = (state: State, frame: RelayToAgent): Step => {
  switch (frame.type) {
    case 'welcome':
      return welcome(state, frame)
    case 'me':
      return { state: { ...state, me: frame.me }, out: [] }
    case 'panel':
      return { state: { ...state, panel: frame.panel }, out: [] }
    case 'chat':
      return chatFrame(state, frame.chat)
    case 'history': {
      const known = state.chats[frame.chatId]
      if (!known && !state.accepting.includes(frame.chatId)) return { state, out: [] }
      return merge(state, known ?? emptyChat(frame.chatId), frame)
    }
    case 'message': {
      const known = state.chats[frame.message.chatId]
      return known ? merge(state, known, frame) : { state, out: [] }
    }
    case 'ack': {
      const known = state.chats[frame.chatId]
      return known ? merge(state, known, frame) : { state, out: [] }
    }
    case 'typing': {
      const known = state.chats[frame.chatId]
      if (!known) return { state, out: [] }
      return { state: withChat(state, { ...known, typing: frame.on ? { text: frame.text } : undefined }), out: [] }
    }
    case 'error':
      return { state: refused(toast(state, frame.message), frame), out: [] }
    case 'ticket':
      return { state: { ...state, tickets: { ...state.tickets, [frame.ticket.chatId]: frame.ticket } }, out: [] }
    default:
      // The protocol grows with the relay: a frame this console has no view for yet is ignored,
      // like frames the guard does not know. (No `never` check on purpose: the relay may be newer.)
      return { state, out: [] }
  }
}

/** Sends `msg` when online, or explains that it cannot. */
const need = (state: State, msg: AgentMsg): Step =>
  state.conn === 'online' ? { state, out: [msg] } : { state: toast(state, OFFLINE_TEXT), out: [] }

/** Applies one action. */
export const reduce = (state: State, action: Action): Step => {
  switch (action.type) {
    case 'frame':
      return onFrame(state, action.frame)
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
    case 'send': {
      const chat = state.chats[action.chatId]
      const text = action.text.trim()
      if (!chat || text === '') return { state, out: [] }
      const parts = [{ type: 'text' as const, text }]
      const next = withChat(state, { ...chat, draft: '', outgoing: [...chat.outgoing, { id: action.id, parts, at: action.at }] })
      // Offline, the message waits in `outgoing` and goes out after the next welcome.
      return { state: next, out: state.conn === 'online' ? [{ type: 'send', chatId: chat.id, id: action.id, parts }] : [] }
    }
    case 'retry': {
      const chat = state.chats[action.chatId]
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
      return { state: { ...state, chats, open, active }, out: [] }
    }
    case 'draft': {
      const chat = state.chats[action.chatId]
      return { state: chat ? withChat(state, { ...chat, draft: action.text }) : state, out: [] }
    }
    case 'toast':
      return { state: toast(state, action.text), out: [] }
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
      // A chat still going on is followed live from here (the relay follows every chat an agent syncs).
      if (known || summary.status === 'ended' || state.conn !== 'online') return { state: opened, out: [] }
      return {
        state: withChat(opened, { ...chat, syncingAfter: chat.lastSeq }),
        out: [{ type: 'sync', chatId: chat.id, after: chat.lastSeq }]
      }
    }
    case 'ticket':
      return { state: { ...state, tickets: { ...state.tickets, [action.ticket.chatId]: action.ticket } }, out: [] }
  }
  const unknown: never = action
  return unknown
}
