// Nothing typed is lost: every chat's unsent draft is kept in localStorage (per agent and chat),
// so a reload, a crash or a closed tab brings it back. Sending or closing the chat forgets it.
import type { Action, State } from './reducer.js'

/** Storage key prefix of drafts. */
const PREFIX = 'parley:draft:'

/** How long an untouched draft is kept (ms): a week. */
const KEEP_MS = 7 * 24 * 3600_000

/** The part of `Storage` drafts use, so tests can pass a map. */
export type DraftStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>

const key = (agentId: string, chatId: string): string => PREFIX + agentId + ':' + chatId

/** The browser's localStorage, or undefined where it is blocked (some private modes throw). */
const browserStorage = (): DraftStorage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage
  } catch {
    return undefined
  }
}

/** The saved draft of `chatId` for agent `agentId`, or '' when there is none. */
export const loadDraft = (agentId: string, chatId: string, storage = browserStorage()): string => {
  try {
    const raw = storage?.getItem(key(agentId, chatId))
    const saved = raw ? (JSON.parse(raw) as { text?: unknown }) : undefined
    return typeof saved?.text === 'string' ? saved.text : ''
  } catch {
    return ''
  }
}

/** Saves (or with '' forgets) the draft of `chatId`; `now` in ms since epoch. Full or blocked storage is ignored. */
export const saveDraft = (agentId: string, chatId: string, text: string, now = Date.now(), storage = browserStorage()): void => {
  try {
    if (text === '') storage?.removeItem(key(agentId, chatId))
    else storage?.setItem(key(agentId, chatId), JSON.stringify({ text, at: now }))
  } catch {
    // Quota or privacy settings: the draft still lives in memory until the page goes.
  }
}

/** Forgets drafts untouched for a week (chats that ended while their window was never closed). */
export const sweepDrafts = (now = Date.now(), storage = browserStorage()): void => {
  try {
    if (!storage) return
    for (let i = storage.length - 1; i >= 0; i--) {
      const k = storage.key(i)
      if (!k?.startsWith(PREFIX)) continue
      const at = (JSON.parse(storage.getItem(k) ?? '{}') as { at?: unknown }).at
      if (typeof at !== 'number' || now - at > KEEP_MS) storage.removeItem(k)
    }
  } catch {
    // Nothing to sweep where storage is unavailable.
  }
}

/**
 * Mirrors one state change into storage: saves changed drafts, forgets those of closed chats, and
 * returns the actions that restore the saved drafts of chats that just appeared.
 */
export const syncDrafts = (prev: State, next: State, storage = browserStorage()): Action[] => {
  const agentId = next.me?.id
  if (!agentId || !storage) return []
  const restore: Action[] = []
  for (const chat of Object.values(next.chats)) {
    const before = prev.me ? prev.chats[chat.id] : undefined
    if (!before) {
      const saved = chat.draft === '' ? loadDraft(agentId, chat.id, storage) : ''
      if (saved) restore.push({ type: 'draft', chatId: chat.id, text: saved })
    } else if (before.draft !== chat.draft) saveDraft(agentId, chat.id, chat.draft, Date.now(), storage)
  }
  for (const id of Object.keys(prev.chats)) if (!next.chats[id]) saveDraft(agentId, id, '', Date.now(), storage)
  return restore
}
