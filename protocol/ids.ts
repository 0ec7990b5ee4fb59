/** The pattern of every id on the wire (client ids, chat, agent and ticket ids): 1–64 of `A-Z a-z 0-9 _ -`. */
export const ID_PATTERN = '^[\\w-]{1,64}$'

// size: pure, so a bundle that never checks an id (the widget's loader) leaves it out.
const ID = /* @__PURE__ */ new RegExp(ID_PATTERN)

/** Whether `v` is an id (ID_PATTERN). */
export const isId = (v: unknown): v is string => typeof v === 'string' && ID.test(v)

/** A random id of `bytes` random bytes in base64url (default 16 bytes = 128 bits, 22 characters). */
export const randomId = (bytes = 16): string => {
  const b = crypto.getRandomValues(new Uint8Array(bytes))
  let s = ''
  for (const x of b) s += String.fromCharCode(x)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
