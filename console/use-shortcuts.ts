import { useEffect, useRef } from 'preact/hooks'
import { shortcutOf } from './shortcuts.js'

/** What the desk's shortcuts act on. */
export interface ShortcutTargets {
  /** open chats in tab order */
  open: string[]
  active: string | null
  /** waiting chats, oldest first */
  waiting: string[]
  onShow(chatId: string): void
  onAnswer(chatId: string): void
  onHelp(): void
}

/** Whether `el` takes typed text (where `?` must type a question mark). */
const isField = (el: Element | null): boolean =>
  el instanceof HTMLTextAreaElement ||
  (el instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(el.type)) ||
  (el instanceof HTMLElement && el.isContentEditable)

/** Listens for the desk's keyboard shortcuts (see `SHORTCUTS`) on the whole page. */
export const useShortcuts = (targets: ShortcutTargets): void => {
  const ref = useRef(targets)
  ref.current = targets
  useEffect(() => {
    const onKey = (ev: KeyboardEvent) => {
      const action = shortcutOf(ev, isField(document.activeElement))
      if (!action) return
      const { open, active, waiting, onShow, onAnswer, onHelp } = ref.current
      ev.preventDefault()
      switch (action.kind) {
        case 'chat': {
          const chatId = open[action.index]
          if (chatId) onShow(chatId)
          return
        }
        case 'step': {
          if (!open.length) return
          const at = active ? open.indexOf(active) : -1
          onShow(open[(at + action.by + open.length) % open.length]!)
          return
        }
        case 'answer':
          if (waiting[0]) onAnswer(waiting[0])
          return
        case 'search':
          document.querySelector<HTMLInputElement>('.archive-input')?.focus()
          return
        case 'help':
          onHelp()
          return
      }
    }
    addEventListener('keydown', onKey)
    return () => removeEventListener('keydown', onKey)
  }, [])
}
