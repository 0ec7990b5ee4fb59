// Visitor tokens. The relay makes them (24 random bytes), but a client may also propose its own
// before its first start, so that a start whose answer was lost to a dropped connection can be
// resent without creating a second chat. A proposed token must be as strong as ours; knowing it is
// being that visitor, so a client can only ever choose its own.

/** Whether `token` may be proposed by a client: 32–128 base64url characters (at least 192 bits when random). */
export const isProposableToken = (token: unknown): token is string => typeof token === 'string' && /^[\w-]{32,128}$/.test(token)
