/** Characters in an email address at most (RFC 5321's path limit). */
export const MAX_EMAIL_CHARS = 254

/**
 * Whether `s` looks like one email address: `local@domain.tld`, no spaces, brackets, quotes or
 * commas. Stricter than RFC 5322 on purpose: it is shown to agents, and `grace@shop.example
 * (verified)` must not pass.
 */
export const isEmail = (s: string): boolean =>
  s.length <= MAX_EMAIL_CHARS && /^[^\s@<>()[\]",;:\\]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i.test(s)
