// The console's state and the small helpers every reducer step uses.
import type { AgentMsg, AgentSelf, ChatSummary, Panel, Ticket } from '../protocol/index.js'
import type { ChatView } from './chat-view.js'

/** Where the agent socket is: `online` once the relay has answered hello with welcome. */
export type ConnStatus = 'connecting' | 'online' | 'offline'

/** A message for the agent that stays until dismissed or timed out. */
export interface Toast {
  id: number
  text: string
  /** `info` for good news; unset for problems */
  tone?: 'info'
}

/** Everything the console shows. */
export interface State {
  /** the agent; null until the first welcome */
  me: AgentSelf | null
  panel: Panel
  /** the panel version `panel` reflects; deltas continue from it */
  pv: number
  /** a snapshot was asked for (a panel version was missed) and has not arrived yet */
  panelSyncing: boolean
  chats: Record<string, ChatView>
  /** chat windows in tab order */
  open: string[]
  /** the chat window in front */
  active: string | null
  /** the chat in front is out of the agent's sight (tab hidden, or another view): its messages count as unread */
  away: boolean
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
  /** the site is outside its business hours: customers cannot start chats, whoever is on */
  outsideHours: boolean
}

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
  pv: 0,
  panelSyncing: false,
  chats: {},
  open: [],
  active: null,
  away: false,
  accepting: [],
  conn: 'connecting',
  toasts: [],
  toastSeq: 0,
  tickets: {},
  outsideHours: false
})

/** Whether `summary` is an active chat of agent `me`. */
export const isMine = (summary: ChatSummary | undefined, me: AgentSelf | null): boolean =>
  summary !== undefined && me !== null && summary.status === 'active' && summary.agentId === me.id

/** Adds a toast with `text`, keeping the newest few and never the newest twice. */
export const toast = (state: State, text: string, tone?: Toast['tone']): State => {
  // The same news twice in a row (every message of an ended chat refused) is said once.
  if (state.toasts[state.toasts.length - 1]?.text === text) return state
  const id = state.toastSeq + 1
  return { ...state, toastSeq: id, toasts: [...state.toasts, tone ? { id, text, tone } : { id, text }].slice(-MAX_TOASTS) }
}

/** `state` with `chat` stored under its id. */
export const withChat = (state: State, chat: ChatView): State => ({ ...state, chats: { ...state.chats, [chat.id]: chat } })

/** `list` without `id`. */
export const without = (list: readonly string[], id: string): string[] => list.filter((x) => x !== id)
