// The relay's frames, checked by shape before the widget relies on them. The relay is trusted only
// so far, and this is deliberately not the protocol's full guard (the relay applies that to what it
// stores; here it would cost a tenth of the widget's weight). What keeps the page safe does not
// depend on it: every string is rendered as a text node, never as markup, image URLs are built from
// the relay's origin and an encoded id, and every frame is handled inside a try/catch. What it
// guards is the widget's own state: a frame is dropped unless it has a string type and its messages
// are objects with a string id and a list of object parts, so a bad frame cannot leave a transcript
// that breaks every later repaint.
import type { RelayToCustomer } from '../protocol/index.js'

// size: `any`, so each check stays one expression.
const message = (m: any) => m?.parts?.every?.((p: any) => p?.type) && typeof m.id === 'string'

/** The frame in `data` (JSON text) when its shape is what the widget relies on, else undefined. */
export const readFrame = (data: unknown): RelayToCustomer | undefined => {
  try {
    const f = JSON.parse(data as string)
    if (typeof f.type === 'string' && (f.message ? message(f.message) : (f.messages ?? []).every(message))) return f
  } catch {}
}
