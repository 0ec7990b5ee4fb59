// Desktop notifications for new waiting customers and for messages in the agent's own chats, only
// while the console is in the background, the agent's settings ask for them and the browser
// allowed them (asked when chat is switched on). Clicking one brings the console to front and
// shows what it is about.
import type { ChatMessage, ChatSummary } from '../protocol/index.js'
import { messageLine } from './attention.js'
import { customerName } from './names.js'

/** Asks for permission to notify once, if the browser supports it and nobody decided yet. */
export const askToNotify = (): void => {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission()
}

/** Shows a notification when allowed and the page is hidden (true when shown); a click focuses the window, closes it and calls `onShow`. */
const notify = (title: string, body: string, tag: string, onShow: () => void): boolean => {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return false
  // Tags dedupe across the agent's tabs, and a chat's newer message replaces the older one.
  const n = new Notification(title, { body, tag })
  n.onclick = () => {
    window.focus()
    n.close()
    onShow()
  }
  return true
}

/** Notifies about a customer who started waiting (true when shown); `onShow` brings that customer into view. A second call for the chat replaces the first. */
export const notifyWaiting = (chat: ChatSummary, onShow: () => void): boolean =>
  notify('New chat: ' + customerName(chat), chat.firstText, 'parley-' + chat.id, onShow)

/** Notifies about a customer's message in one of the agent's chats (true when shown); `onShow` opens that chat. */
export const notifyMessage = (chat: ChatSummary | undefined, message: ChatMessage, onShow: () => void): boolean =>
  notify(customerName(chat), messageLine(message), 'parley-message-' + message.chatId, onShow)
