/** A random id of `bytes` random bytes in base64url (default 16 bytes = 128 bits, 22 characters). */
export const randomId = (bytes = 16): string => {
  const b = crypto.getRandomValues(new Uint8Array(bytes))
  let s = ''
  for (const x of b) s += String.fromCharCode(x)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
