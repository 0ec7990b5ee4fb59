// Desktop notifications for new waiting customers, only while the console is in the background,
// the agent's settings ask for them and the browser allowed them (asked when chat is switched on).
import type { ChatSummary } from '../protocol/index.js'
import { customerName } from './names.js'

/** Asks for permission to notify once, if the browser supports it and nobody decided yet. */
export const askToNotify = (): void => {
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') void Notification.requestPermission()
}

/** Notifies about `chat` when allowed and the page is hidden; clicking brings the console to front. */
export const notifyWaiting = (chat: ChatSummary): void => {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted' || !document.hidden) return
  const n = new Notification('New chat: ' + customerName(chat), { body: chat.firstText, tag: 'parley-' + chat.id })
  n.onclick = () => {
    window.focus()
    n.close()
  }
}
