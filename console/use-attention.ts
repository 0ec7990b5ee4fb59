// The console asking for attention while the agent looks elsewhere: a chime and a desktop
// notification for customers who start waiting, a notification for messages in the agent's own
// chats while the tab is hidden, and the count of both in the tab title.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { AgentSelf } from '../protocol/index.js'
import { freshMessages, tabTitle, unreadById, unreadMine } from './attention.js'
import { customerName } from './names.js'
import { notifyMessage, notifyWaiting } from './notify.js'
import { claimOnce } from './once-per-browser.js'
import { playChime } from './sound.js'
import type { Action, State } from './reducer.js'

/** What {@link useAttention} needs from the desk. */
export interface AttentionOptions {
  state: State
  me: AgentSelf
  /** whether the Chats view is shown (elsewhere the chat in front is out of sight too) */
  inChats: boolean
  dispatch(action: Action): void
  /** a notification about a waiting customer was clicked */
  onShowWaiting(chatId: string): void
  /** a notification about a message in one of the agent's chats was clicked */
  onShowChat(chatId: string): void
}

/** Whether the page is hidden (another tab in front, window minimised), following changes. */
export const usePageHidden = (): boolean => {
  const [hidden, setHidden] = useState(() => document.hidden)
  useEffect(() => {
    const follow = () => setHidden(document.hidden)
    document.addEventListener('visibilitychange', follow)
    return () => document.removeEventListener('visibilitychange', follow)
  }, [])
  return hidden
}

/** Chimes, notifies and counts in the tab title as the agent's settings ask; restores the title when unmounted. */
export const useAttention = ({ state, me, inChats, dispatch, onShowWaiting, onShowChat }: AttentionOptions): void => {
  const hidden = usePageHidden()
  // Notifications outlive renders: their clicks call the desk's latest handlers.
  const show = useRef({ onShowWaiting, onShowChat })
  show.current = { onShowWaiting, onShowChat }

  useEffect(() => dispatch({ type: 'away', away: hidden || !inChats }), [hidden, inChats])

  const { waiting } = state.panel
  const seen = useRef<Set<string> | null>(null)
  // Waiting chats notified about, with the customer's name they were notified with.
  const notified = useRef(new Map<string, string>())
  useEffect(() => {
    if (state.conn !== 'online') return
    const fresh = seen.current && me.on ? waiting.filter((c) => !seen.current!.has(c.id)) : []
    if (me.sound && fresh.some((c) => claimOnce('chime:' + c.id))) playChime()
    const named = notified.current
    for (const chat of waiting) {
      // The customer's name may follow the chat a moment later: its notification follows too (same tag, so replaced).
      const again = named.has(chat.id) && named.get(chat.id) !== customerName(chat)
      if (me.notifications && (again || fresh.includes(chat)) && notifyWaiting(chat, () => show.current.onShowWaiting(chat.id)))
        named.set(chat.id, customerName(chat))
    }
    for (const id of named.keys()) if (!waiting.some((c) => c.id === id)) named.delete(id)
    seen.current = new Set(waiting.map((c) => c.id))
  }, [waiting, me.on, me.sound, me.notifications, state.conn])

  const unread = useRef<Record<string, number>>({})
  useEffect(() => {
    if (me.notifications)
      for (const { chat, message } of freshMessages(unread.current, state)) notifyMessage(chat.summary, message, () => show.current.onShowChat(chat.id))
    unread.current = unreadById(state)
  }, [state.chats, me.notifications])

  useEffect(() => {
    document.title = tabTitle((me.on ? waiting.length : 0) + unreadMine(state))
  }, [waiting, state.chats, me.on])
  useEffect(() => () => void (document.title = tabTitle(0)), [])
}
