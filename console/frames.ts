// What each relay frame does to the console: dedupe by id, order by seq, ask for gaps once,
// reopen and catch up after a reconnect, and match errors to what they refused.
import { applyPanelDelta, checkSummary, type AgentMsg, type ChatSummary, type RelayToAgent } from '../protocol/index.js'
import { emptyChat, hasGap, mergeMessages, type ChatView } from './chat-view.js'
import { mergeNotes } from './notes.js'
import { adoptReads } from './read-receipts.js'
import { isMine, toast, withChat, without, type State, type Step } from './state.js'

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
  if (frame.type === 'history') next = adoptReads(mergeNotes({ ...next, syncingAfter: undefined }, frame.notes ?? []), frame.reads)
  if (fromCustomer > 0) next = { ...next, typing: undefined, unread: next.unread + (state.active === chat.id && !state.away ? 0 : fromCustomer) }
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
    for (const o of chat.outgoing) if (!o.failed && active) out.push({ type: 'send', chatId, id: o.id, parts: o.parts })
    // Notes are any agent's to write in any chat they can open: they all go again.
    for (const o of chat.noteOutgoing) if (!o.failed) out.push({ type: 'note', chatId, id: o.id, text: o.text })
    const outgoing = active ? chat.outgoing : chat.outgoing.map((o) => (o.failed ? o : { ...o, failed: 'The chat is no longer yours' }))
    // Where the relay's read mark is, the history answering this sync says: until then nothing is marked read.
    chats[chatId] = { ...chat, outgoing, typing: undefined, syncingAfter: chat.lastSeq, readKnown: false }
  }
  return {
    state: {
      ...state,
      me: frame.me,
      panel: frame.panel,
      pv: frame.pv,
      panelSyncing: false,
      chats,
      open,
      active: state.active ?? open[0] ?? null,
      accepting: [],
      conn: 'online',
      retryAt: undefined,
      outsideHours: frame.outsideHours ?? false
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

/** A panel delta: applied when it continues the held version; a missed version asks for the whole panel once. */
const panelDelta = (state: State, frame: RelayToAgent & { type: 'panelDelta' }): Step => {
  const next = applyPanelDelta({ pv: state.pv, panel: state.panel }, frame, checkSummary)
  if (next === 'stale') return { state, out: [] }
  if (next === 'gap') {
    if (state.panelSyncing || state.conn !== 'online') return { state, out: [] }
    return { state: { ...state, panelSyncing: true }, out: [{ type: 'snapshot' }] }
  }
  return { state: { ...state, panel: next.panel, pv: next.pv }, out: [] }
}

/**
 * Applies an error to what it refused: a send's error names the message (`ref` = its client id),
 * an accept's names the chat.
 */
const refused = (state: State, frame: RelayToAgent & { type: 'error' }): State => {
  const ref = frame.ref
  if (ref === undefined) return state
  let next: State = { ...state, accepting: without(state.accepting, ref) }
  for (const chat of Object.values(next.chats)) {
    if (chat.outgoing.some((o) => o.id === ref))
      next = withChat(next, { ...chat, outgoing: chat.outgoing.map((o) => (o.id === ref ? { ...o, failed: frame.message } : o)) })
    if (chat.noteOutgoing.some((o) => o.id === ref))
      next = withChat(next, { ...chat, noteOutgoing: chat.noteOutgoing.map((o) => (o.id === ref ? { ...o, failed: frame.message } : o)) })
  }
  return next
}

/** Applies one frame from the relay. */
export const applyFrame = (state: State, frame: RelayToAgent): Step => {
  switch (frame.type) {
    case 'welcome':
      return welcome(state, frame)
    case 'me':
      return { state: { ...state, me: frame.me }, out: [] }
    case 'panel':
      return { state: { ...state, panel: frame.panel, pv: frame.pv, panelSyncing: false }, out: [] }
    case 'panelDelta':
      return panelDelta(state, frame)
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
    case 'note': {
      const known = state.chats[frame.note.chatId]
      return { state: known ? withChat(state, mergeNotes(known, [frame.note])) : state, out: [] }
    }
    case 'read': {
      const known = state.chats[frame.chatId]
      if (!known || frame.seq <= known.customerRead) return { state, out: [] }
      return { state: withChat(state, { ...known, customerRead: frame.seq }), out: [] }
    }
    case 'hours':
      return { state: { ...state, outsideHours: frame.outsideHours }, out: [] }
    case 'error':
      return { state: refused(toast(state, frame.message), frame), out: [] }
    case 'ticket':
      return { state: { ...state, tickets: { ...state.tickets, [frame.ticket.chatId]: frame.ticket } }, out: [] }
    default:
      // Only `pong` lands here (the connection's heartbeat consumes it). A newer relay's unknown
      // frame never does: the guard refuses types it does not know before this reducer runs, so the
      // missing `never` check hides nothing at run time; adding `case 'pong'` would allow one.
      return { state, out: [] }
  }
}
