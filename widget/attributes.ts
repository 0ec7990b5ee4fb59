// The limits of setAttributes(), checked in the widget: the relay refuses a whole `attributes`
// frame over them (protocol/guards.ts), and the widget resends all attributes after every
// reconnect, so one bad key would cost every attribute, every time. A key over the limits is
// dropped and reported through the `error` event; the others still reach the agent.
// size: the chat checks them (the loader only queues the calls until the chat runs, and sends none).
import type { ErrorCode } from '../protocol/index.js'

/** Attributes a visitor may have, all calls together (the relay's limit per frame). */
export const MAX_ATTRIBUTES = 50
/** Characters of an attribute's name (at least 1). */
export const MAX_ATTRIBUTE_KEY_CHARS = 64
/** Characters of a value; longer values are cut to this. */
export const MAX_ATTRIBUTE_VALUE_CHARS = 1000

/** The attributes of one call that fit beside `known` (the names accepted before, updated here), and an error naming what did not. */
export const checkAttributes = (
  a: Record<string, unknown>,
  known: Set<string>
): { ok: Record<string, string>; error?: { code: ErrorCode; message: string } } => {
  const ok: Record<string, string> = {}
  const refused: string[] = []
  for (const k in a)
    if (k.length > MAX_ATTRIBUTE_KEY_CHARS || !k || (!known.has(k) && known.size >= MAX_ATTRIBUTES)) refused.push(k.slice(0, 20))
    else {
      known.add(k)
      ok[k] = String(a[k]).slice(0, MAX_ATTRIBUTE_VALUE_CHARS)
    }
  return refused.length ? { ok, error: { code: 'too_large', message: 'setAttributes: too many or too long: ' + refused } } : { ok }
}
