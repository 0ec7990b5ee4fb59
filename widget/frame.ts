// The relay's frames, checked by shape before the widget relies on them. The relay is trusted only
// so far, and this is deliberately not the protocol's full guard (the relay applies that to what it
// stores; here it would cost a tenth of the widget's weight). What keeps the page safe does not
// depend on it: every string is rendered as a text node, never as markup, image URLs are built from
// the relay's origin and an encoded id, and every frame is handled inside a try/catch. What it
// guards is the widget's own state: a frame is dropped unless it is an object with a string type
// (the transport checks, for the loader and the chat), and the chat drops one whose messages are
// not objects with a string id and a list of object parts, so a bad frame cannot leave a
// transcript that breaks every later repaint.
// size: the loader reads no message, so the messages' check is the chat's (it is not in parley.js).
import type { RelayToCustomer } from '../protocol/index.js'

// size: `any`, so each check stays one expression.
const message = (m: any) => m?.parts?.every?.((p: any) => p?.type) && typeof m.id === 'string'

/** The frame in `data` (JSON text) when it is an object with a string type, else undefined. */
export const readFrame = (data: unknown): RelayToCustomer | undefined => {
  try {
    const f = JSON.parse(data as string)
    if (typeof f.type === 'string') return f
  } catch {}
}

/** Whether the messages `f` carries (one, or a list) have the shape the chat's state relies on. */
export const messagesOk = (f: any): boolean => {
  try {
    // An error frame's `message` is its text.
    return typeof f.message === 'object' ? !!message(f.message) : (f.messages ?? []).every(message)
  } catch {
    return false
  }
}
