/** Error codes carried in `error` frames and HTTP error bodies. Data, never thrown across the wire. */
export type ErrorCode =
  | 'bad_frame' // not JSON, unknown type or a field of the wrong shape
  | 'bad_version' // first frame is not a `hello` of a version this relay speaks
  | 'unauthorized' // no valid session or token
  | 'forbidden' // authenticated but not allowed (role, origin, someone else's chat)
  | 'unavailable' // no agent is online, a chat cannot start
  | 'no_chat' // the action needs a chat and there is none
  | 'chat_exists' // a chat is already in progress for this customer
  | 'not_found' // the chat, agent or file does not exist
  | 'taken' // another agent answered this chat first
  | 'max_chats' // the agent is at their maximum simultaneous chats
  | 'ended' // the chat has ended
  | 'too_large' // a frame, message or upload is over its limit
  | 'rate_limited' // too many frames, chats or requests
  | 'queue_full' // the waiting queue is at its limit
  | 'required' // a required form field (pre-chat, offline form) is empty; the message names it
  | 'not_offered' // the site does not offer this (offline form, rating, transcript are off or cannot be sent)
  | 'rated' // the chat was rated already (once per chat)
  | 'mail_failed' // the mail server could not take the message; nothing was sent, try again later
  | 'internal' // unexpected; logged by the relay

/** WebSocket close codes. 1000–1015 are the standard ones we use; 4000–4999 are Parley's. */
export const CLOSE = {
  normal: 1000,
  /** The relay is restarting: reconnect with backoff. */
  restart: 1012,
  /** The first frame was not a valid hello, or frames kept being malformed. */
  protocol: 4000,
  /** No valid session cookie / token. Do not reconnect without logging in again. */
  unauthorized: 4001,
  /** The client speaks a protocol version the relay does not. Do not reconnect. */
  version: 4002,
  /** Origin not allowed. Do not reconnect. */
  forbidden: 4003,
  /** Too many frames or connections: reconnect later. */
  policy: 4008,
  /** A frame above the size limit. */
  tooLarge: 4009,
  /** The client stopped reading and its send buffer overflowed, or missed heartbeats. */
  slow: 4010
} as const

/** Whether a client should stop reconnecting after the relay closed with `code`. */
export const isFinalClose = (code: number): boolean => code === CLOSE.unauthorized || code === CLOSE.version || code === CLOSE.forbidden
