// Every error the relay raises on purpose, in one place. Each carries an HTTP status and maps to a
// wire `ErrorCode`, so routes and sockets answer the same way. Anything else is logged and answered
// as `internal`.
import createError, { type FastifyErrorConstructor } from '@fastify/error'
import type { ErrorCode } from '../protocol/index.js'

const make = (name: string, wire: ErrorCode, message: string, status: number) => {
  const E = createError(name, message, status)
  WIRE_CODES.set(name, wire)
  return E
}
const WIRE_CODES = new Map<string, ErrorCode>()

export const ERR_UNAUTHORIZED = make('PARLEY_ERR_UNAUTHORIZED', 'unauthorized', '%s', 401)
export const ERR_FORBIDDEN = make('PARLEY_ERR_FORBIDDEN', 'forbidden', '%s', 403)
export const ERR_UNAVAILABLE = make('PARLEY_ERR_UNAVAILABLE', 'unavailable', 'No agent is available right now', 409)
export const ERR_NO_CHAT = make('PARLEY_ERR_NO_CHAT', 'no_chat', 'There is no chat in progress; start one first', 409)
export const ERR_CHAT_EXISTS = make('PARLEY_ERR_CHAT_EXISTS', 'chat_exists', 'A chat is already in progress', 409)
export const ERR_NOT_FOUND = make('PARLEY_ERR_NOT_FOUND', 'not_found', '%s not found', 404)
export const ERR_TAKEN = make('PARLEY_ERR_TAKEN', 'taken', 'Another agent already answered this chat', 409)
export const ERR_MAX_CHATS = make('PARLEY_ERR_MAX_CHATS', 'max_chats', 'You are at your maximum of %s simultaneous chats', 409)
/** A transfer's target is full: names them, so the sender knows whom to try instead. */
export const ERR_TARGET_MAX_CHATS = make(
  'PARLEY_ERR_TARGET_MAX_CHATS',
  'max_chats',
  '%s is at their maximum of %s simultaneous chats; transfer to someone else or back to the queue',
  409
)
export const ERR_ENDED = make('PARLEY_ERR_ENDED', 'ended', 'This chat has ended', 409)
export const ERR_TOO_LARGE = make('PARLEY_ERR_TOO_LARGE', 'too_large', '%s', 413)
export const ERR_BAD_INPUT = make('PARLEY_ERR_BAD_INPUT', 'bad_frame', '%s', 400)
export const ERR_CONFLICT = make('PARLEY_ERR_CONFLICT', 'forbidden', '%s', 409)
export const ERR_RATE_LIMITED = make('PARLEY_ERR_RATE_LIMITED', 'rate_limited', '%s', 429)
export const ERR_QUEUE_FULL = make('PARLEY_ERR_QUEUE_FULL', 'queue_full', 'Too many customers are waiting; please try again in a few minutes', 503)
export const ERR_UNSUPPORTED_TYPE = make('PARLEY_ERR_UNSUPPORTED_TYPE', 'bad_frame', '%s', 415)
/** Reports cannot be computed: the store is not SQLite, or the report took longer than PARLEY_REPORT_TIMEOUT_MS. */
export const ERR_BAD_VERSION = make('PARLEY_ERR_BAD_VERSION', 'bad_version', 'This relay speaks protocol version %s', 400)
export const ERR_REPORTS = make('PARLEY_ERR_REPORTS', 'unavailable', '%s', 503)
/** A required form field (pre-chat, offline form) is empty: the message names it. */
export const ERR_REQUIRED = make('PARLEY_ERR_REQUIRED', 'required', '%s', 400)
/** The site does not offer this: the offline form, ratings or transcripts are off, or mail is not configured. */
export const ERR_NOT_OFFERED = make('PARLEY_ERR_NOT_OFFERED', 'not_offered', '%s', 403)
/** The chat was rated already. */
export const ERR_RATED = make('PARLEY_ERR_RATED', 'rated', 'This chat was rated already', 409)
/** The mail server did not take the message (unreachable, refused): nothing was sent. */
export const ERR_MAIL_FAILED = make('PARLEY_ERR_MAIL_FAILED', 'mail_failed', 'The email could not be sent right now; please try again later', 502)

/** An error with its wire code, message and HTTP status, ready to send. */
export interface WireError {
  code: ErrorCode
  message: string
  status: number
}

/** The answer to anything unexpected (logged by whoever caught it). */
export const INTERNAL: WireError = Object.freeze({ code: 'internal', message: 'Something went wrong on our side', status: 500 })

/**
 * Maps any error to what a client may see: our coded errors above, and Fastify's own client errors
 * (a body over its limit is `too_large`, a failed schema or unparsable body `bad_frame`). `null`
 * means unexpected: log it and answer INTERNAL.
 */
export const toWireError = (err: unknown): WireError | null => {
  const e = err as { code?: unknown; message?: unknown; statusCode?: unknown }
  const code = typeof e?.code === 'string' ? WIRE_CODES.get(e.code) : undefined
  if (code) return { code, message: String(e.message), status: Number(e.statusCode) || 400 }
  const status = Number(e?.statusCode)
  if (status >= 400 && status < 500)
    return { code: status === 413 ? 'too_large' : status === 429 ? 'rate_limited' : 'bad_frame', message: String(e.message), status }
  return null
}

/** Every coded error: its Fastify-style name, wire code and HTTP status (documented in docs/errors.md). */
export const ERROR_CATALOG = (): { name: string; code: ErrorCode }[] => [...WIRE_CODES].map(([name, code]) => ({ name, code }))

export type { FastifyErrorConstructor }
