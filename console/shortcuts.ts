// Keyboard shortcuts of the desk, as a pure mapping from a key press to what it does, so the help
// dialog and the handler cannot disagree.

/** What a shortcut does. */
export type ShortcutAction =
  /** bring the nth open chat (from 0) to front */
  | { kind: 'chat'; index: number }
  /** the next (1) or previous (-1) open chat */
  | { kind: 'step'; by: 1 | -1 }
  /** answer the customer who has waited longest */
  | { kind: 'answer' }
  /** put the cursor in the archive search */
  | { kind: 'search' }
  /** show the list of shortcuts */
  | { kind: 'help' }

/** The keys of a press that shortcuts read (a KeyboardEvent fits). */
export type KeyPress = Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>

/** The shortcut list shown in the help: keys (space-separated) and what they do. */
export const SHORTCUTS: readonly [keys: string, what: string][] = [
  ['Alt 1…9', 'Show open chat 1 to 9'],
  ['Ctrl Alt →', 'Next open chat'],
  ['Ctrl Alt ←', 'Previous open chat'],
  ['Alt Shift A', 'Answer the customer waiting longest'],
  ['Alt Shift F', 'Search old chats'],
  ['← → Home End', 'Move between chat tabs (on a tab)'],
  ['::', 'Insert a text module (in the message box)'],
  ['Enter', 'Send (Shift Enter: new line)'],
  ['?', 'This list (outside text fields)']
]

/**
 * The shortcut of a key press, or undefined. Digits and letters are read from `code`, because
 * Alt changes `key` on macOS (Alt+1 types ¡). `inField`: the focus is in a text field, where `?` types.
 */
export const shortcutOf = (e: KeyPress, inField: boolean): ShortcutAction | undefined => {
  if (e.metaKey) return undefined
  if (e.altKey && !e.ctrlKey && !e.shiftKey) {
    const digit = /^Digit([1-9])$/.exec(e.code)?.[1]
    if (digit) return { kind: 'chat', index: Number(digit) - 1 }
  }
  if (e.altKey && e.ctrlKey && !e.shiftKey && (e.key === 'ArrowRight' || e.key === 'ArrowLeft')) return { kind: 'step', by: e.key === 'ArrowRight' ? 1 : -1 }
  if (e.altKey && e.shiftKey && !e.ctrlKey && e.code === 'KeyA') return { kind: 'answer' }
  if (e.altKey && e.shiftKey && !e.ctrlKey && e.code === 'KeyF') return { kind: 'search' }
  if (!inField && !e.altKey && !e.ctrlKey && e.key === '?') return { kind: 'help' }
  return undefined
}
