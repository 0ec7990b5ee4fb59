// The chat as the customer sees it, and every way it changes: pure functions from a state and an
// input (a relay frame or a customer action) to the next state, the frames to send and the
// messages committed for the first time. No sockets, no timers, no DOM: tests drive it directly.
import type { ChatMessage, CustomerChat, CustomerMsg, ErrorCode, Part, RelayToCustomer } from '../protocol/index.js'

/** A message not yet committed: on its way (`pending`) or refused (`failed`). */
export type Sending = 'pending' | 'failed'

/** A message as the widget shows it. Uncommitted ones have seq 0, `at` from the local clock and `sending` set. */
export interface ShownMessage extends ChatMessage {
  sending?: Sending
}

/** What the notice line says: a wire error code, that the socket is down, or that a file is not an image. */
export type Notice = ErrorCode | 'offline' | 'type' | 'oops'

/** Everything the widget shows, as plain data. */
export interface ChatState {
  /** an agent is online (as last heard) */
  available: boolean
  /** the socket is up and welcomed */
  online: boolean
  /** a welcome arrived at least once */
  ready: boolean
  /** the chat window is open */
  open: boolean
  chat: CustomerChat | null
  /** committed messages by seq, then uncommitted ones in the order written */
  messages: ShownMessage[]
  /** every seq from 1 to lastSeq is in `messages`; hello and sync ask for what comes after */
  lastSeq: number
  /** `after` of the last sync asked for, so one gap is asked about once */
  syncAfter?: number
  /** client id of the message sent as `start` while its chat is not confirmed */
  startId?: string
  /** an agent is typing: their name, '' when unnamed */
  typing?: string
  notice?: Notice
  /** agent messages that arrived while the window was closed or the page hidden */
  unread: number
  /** characters of text the relay takes in one message (its welcome says; until then the wire's cap) */
  maxText: number
  /** the agent has read the chat up to this seq ("Seen" under the customer's last message up to it) */
  seen: number
  /** the relay knows the customer has read the chat up to this seq (a `read` frame says more) */
  read: number
}

/** The result of a change: the next state, frames to send now, messages committed for the first time. */
export interface Step {
  s: ChatState
  out: CustomerMsg[]
  fresh: ChatMessage[]
}

// What a chat put away leaves (newChat()), and what there is before the first one.
const noChat = {
  chat: null,
  messages: [],
  lastSeq: 0,
  syncAfter: undefined,
  startId: undefined,
  typing: undefined,
  notice: undefined,
  unread: 0,
  seen: 0,
  read: 0
}

/** Before the first welcome: nobody known to be online, no chat. */
export const initialState: ChatState = {
  available: false,
  online: false,
  ready: false,
  open: false,
  // size: WIRE.textChars as a literal (the WIRE object would come along); a test keeps them equal.
  maxText: 20_000,
  ...noChat
}

/** Characters of text in `parts`. */
export const textLength = (parts: Part[]): number => parts.reduce((n, p) => n + (p.type === 'text' ? p.text.length : 0), 0)

/** A chat is in progress: waiting or active, or its first message is on its way. */
export const inProgress = (s: ChatState): boolean => (s.chat ? s.chat.status !== 'ended' : s.messages.some((m) => m.sending === 'pending'))

/** The chat window may open: an agent is online or a chat is in progress. */
export const canOpen = (s: ChatState): boolean => s.available || inProgress(s)

const same = (s: ChatState): Step => ({ s, out: [], fresh: [] })

// Sends pending messages if the socket is up: into the chat, or the first one as the chat's start
// (the others wait for `started`). Resending an id is safe: the relay never stores it twice.
const flush = (s: ChatState, list: ShownMessage[]): Step => {
  const out: CustomerMsg[] = []
  if (s.online)
    for (const { id, parts } of list) {
      if (s.chat) out.push({ type: 'send', id, parts })
      else if (!s.startId || s.startId === id) {
        s = { ...s, startId: id }
        out.push({ type: 'start', id, parts })
      }
    }
  return { s, out, fresh: [] }
}

const pendingOf = (s: ChatState) => s.messages.filter((m) => m.sending === 'pending')

// Merges committed messages (replacing a pending copy of the same id), keeps the list ordered by
// seq, and asks for a sync when a seq is missing.
const commit = (s: ChatState, incoming: ChatMessage[]): Step => {
  const fresh: ChatMessage[] = []
  const byId = new Map(s.messages.map((m) => [m.id, m]))
  for (const m of incoming) {
    const old = byId.get(m.id)
    if (!old || old.sending) fresh.push(m)
    byId.set(m.id, m)
  }
  // size: 1e15 sorts uncommitted messages (seq 0) last; sort is stable, so they keep their order.
  const messages = [...byId.values()].sort((a, b) => (a.seq || 1e15) - (b.seq || 1e15))
  let lastSeq = s.lastSeq
  for (const m of messages) if (m.seq === lastSeq + 1) lastSeq++
  const gap = s.syncAfter !== lastSeq && messages.some((m) => m.seq > lastSeq)
  return {
    s: { ...s, messages, lastSeq, syncAfter: gap ? lastSeq : s.syncAfter },
    out: gap ? [{ type: 'sync', after: lastSeq }] : [],
    fresh
  }
}

// Only messages of the chat on screen: late frames of a dismissed chat are dropped.
const ours = (s: ChatState, list: ChatMessage[]) => list.filter((m) => m.chatId === s.chat?.id)

/** Applies one frame from the relay. */
export const receive = (s: ChatState, f: RelayToCustomer): Step => {
  switch (f.type) {
    case 'welcome': {
      // An ended chat that is not on screen (put away, or from an earlier visit) stays history.
      let chat = f.chat?.status === 'ended' && f.chat.id !== s.chat?.id ? null : f.chat
      let messages = s.messages
      let lastSeq = s.lastSeq
      // The relay no longer knows the session: what is on screen has ended.
      if (!chat && s.chat) chat = { ...s.chat, status: 'ended' }
      else if (chat && chat.id !== s.chat?.id) {
        messages = messages.filter((m) => m.sending)
        lastSeq = 0
      }
      // Messages longer than this relay takes (kept from an earlier page, or a relay with lower
      // limits) fail here instead of being refused, and resent, on every reconnect.
      const maxText = f.limits?.textChars ?? s.maxText
      let notice = s.notice === 'offline' ? undefined : s.notice
      messages = messages.map(
        (m): ShownMessage => (m.sending === 'pending' && textLength(m.parts) > maxText ? ((notice = 'too_large'), { ...m, sending: 'failed' }) : m)
      )
      // How far each side has read: the relay's marks, else what was known of this chat.
      const other = chat?.id !== s.chat?.id
      const base: ChatState = {
        ...s,
        seen: f.reads?.agent ?? (other ? 0 : s.seen),
        read: f.reads?.customer ?? (other ? 0 : s.read),
        maxText,
        available: f.available,
        online: true,
        ready: true,
        chat,
        messages,
        lastSeq,
        syncAfter: undefined,
        startId: undefined,
        notice
      }
      const merged = commit(base, ours(base, f.messages))
      const resent = flush(merged.s, pendingOf(merged.s))
      return { s: resent.s, out: [...merged.out, ...resent.out], fresh: merged.fresh }
    }
    case 'availability':
      return same({ ...s, available: f.available, notice: f.available && s.notice === 'unavailable' ? undefined : s.notice })
    case 'started': {
      const chat = f.chat
      const messages = s.messages.filter((m) => m.sending).map((m) => ({ ...m, chatId: chat.id }))
      const base: ChatState = { ...s, chat, messages, lastSeq: 0, syncAfter: undefined, startId: undefined, seen: 0, read: 0 }
      return flush(
        base,
        pendingOf(base).filter((m) => m.id !== s.startId)
      )
    }
    case 'chat':
      if (f.chat.id !== s.chat?.id) return same(s)
      return same({ ...s, chat: f.chat, typing: f.chat.status === 'ended' ? undefined : s.typing })
    case 'ack': {
      const old = s.messages.find((m) => m.id === f.id)
      if (!old?.sending) return same(s)
      const { sending, ...m } = old
      return commit(s, [{ ...m, chatId: s.chat?.id ?? m.chatId, seq: f.seq, at: f.at }])
    }
    case 'message':
      return commit({ ...s, typing: f.message.from === 'agent' ? undefined : s.typing }, ours(s, [f.message]))
    case 'history':
      return commit(f.reads ? { ...s, seen: Math.max(s.seen, f.reads.agent), read: Math.max(s.read, f.reads.customer) } : s, ours(s, f.messages))
    case 'read':
      return same({ ...s, seen: Math.max(s.seen, f.seq) })
    case 'typing':
      return same({ ...s, typing: f.on ? (f.name ?? '') : undefined })
    case 'error': {
      // A refused start takes the messages queued behind it down with it.
      const all = f.ref !== undefined && f.ref === s.startId
      const messages = s.messages.map((m): ShownMessage => (m.sending === 'pending' && (all || m.id === f.ref) ? { ...m, sending: 'failed' } : m))
      // Something the site does not offer (a read receipt to a relay without them, a rating turned off
      // meanwhile) is nothing the customer can act on: no notice.
      return same({ ...s, messages, notice: f.code === 'not_offered' ? s.notice : f.code, startId: all ? undefined : s.startId })
    }
    default:
      // size: frames are checked by shape only (frame.ts); an unknown type changes nothing, nor do
      // pongs, live site settings and a transcript sent (the chat reads those two itself).
      f satisfies Extract<RelayToCustomer, { type: 'pong' | 'site' | 'transcript' }>
      return same(s)
  }
}

/** The customer sees the chat (window open, page visible): when an agent message is newer than the relay's read mark, a `read` frame for it. */
export const see = (s: ChatState): Step => {
  let seq = 0
  for (const m of s.messages) if (m.from === 'agent' && m.seq > seq) seq = m.seq
  return s.online && s.chat && seq > s.read ? { s: { ...s, read: seq }, out: [{ type: 'read', seq }], fresh: [] } : same(s)
}

/** The customer wrote message `id` at `now` (ms since epoch): shown as pending, sent if the socket is up. */
export const compose = (s: ChatState, id: string, parts: Part[], now: number): Step => {
  const m: ShownMessage = { id, chatId: s.chat?.id ?? '', seq: 0, from: 'customer', parts, at: now, sending: 'pending' }
  return flush({ ...s, messages: [...s.messages, m], notice: undefined }, [m])
}

/** The customer asked to send failed message `id` again (same id: the relay never stores it twice). */
export const retry = (s: ChatState, id: string): Step => {
  const messages = s.messages.map((m): ShownMessage => (m.id === id && m.sending ? { ...m, sending: 'pending' } : m))
  const next = { ...s, messages, notice: undefined }
  return flush(
    next,
    pendingOf(next).filter((m) => m.id === id)
  )
}

/** The socket went down: nobody is typing any more, pending messages wait for the next welcome, and the customer is told (once there is something to tell). */
export const offline = (s: ChatState): ChatState => ({
  ...s,
  online: false,
  typing: undefined,
  notice: s.ready || s.messages.length ? 'offline' : s.notice
})

/** The customer put an ended chat away to start another (or reset() forgot it): the next message is a `start`. */
export const newChat = (s: ChatState): ChatState => ({ ...s, ...noChat })
