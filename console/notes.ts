// Internal notes in a chat: kept apart from the customer's transcript (no seq, never sent to the
// customer), merged by id as the relay echoes them, and shown among the messages by time.
import type { ChatMessage, ChatNote } from '../protocol/index.js'
import type { ChatView, OutgoingNote } from './chat-view.js'

/** `chat` with `incoming` notes added (the relay's copy wins, unique by id, by time) and the echoed ones no longer outgoing. */
export const mergeNotes = (chat: ChatView, incoming: readonly ChatNote[]): ChatView => {
  const mine = incoming.filter((n) => n.chatId === chat.id)
  if (mine.length === 0) return chat
  const byId = new Map(chat.notes.map((n) => [n.id, n]))
  for (const n of mine) byId.set(n.id, n)
  const notes = [...byId.values()].sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
  const noteOutgoing = chat.noteOutgoing.filter((o) => !byId.has(o.id))
  return { ...chat, notes, noteOutgoing: noteOutgoing.length === chat.noteOutgoing.length ? chat.noteOutgoing : noteOutgoing }
}

/** One row of the transcript as shown: a message, a note, or a note still on its way. */
export type TranscriptItem = { kind: 'message'; message: ChatMessage } | { kind: 'note'; note: ChatNote } | { kind: 'pending-note'; note: OutgoingNote }

/**
 * The messages (by seq) with the notes placed among them by time: a note comes after every
 * message committed at or before it. Notes still on their way go last, like unsent replies.
 */
export const interleave = (messages: readonly ChatMessage[], notes: readonly ChatNote[], pending: readonly OutgoingNote[] = []): TranscriptItem[] => {
  const out: TranscriptItem[] = []
  let n = 0
  for (const message of messages) {
    while (n < notes.length && notes[n]!.at < message.at) out.push({ kind: 'note', note: notes[n++]! })
    out.push({ kind: 'message', message })
  }
  while (n < notes.length) out.push({ kind: 'note', note: notes[n++]! })
  for (const note of pending) out.push({ kind: 'pending-note', note })
  return out
}
