// A tiny validation kit for the hand-written guards. Each reader returns the value rebuilt from
// known fields only, or throws `{ reason }`, which `run` turns into an `{ ok: false }` result.
// size: a plain object is thrown, not an Error subclass, to keep classes out of the widget.

import { isId } from './ids.js'

/** Hard caps of the wire format; the relay's configured limits are lower. */
export const WIRE = {
  /** characters in a client id */
  idChars: 64,
  /** characters in a text part */
  textChars: 20_000,
  /** parts in one message */
  parts: 20,
  /** characters in a short field (names, urls, tags) */
  shortChars: 2048,
  /** messages in a history frame */
  history: 5000,
  /** entries in a list of the agent panel */
  list: 2000
} as const

/** Fails the current guard with `reason`. */
export const bad = (reason: string): never => {
  throw { reason }
}

/** A plain object (not null, not an array). */
export const obj = (v: unknown, what: string): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : bad(what + ' must be an object')

/** A string of at most `max` characters (and at least `min`). */
export const str = (v: unknown, what: string, max: number = WIRE.shortChars, min = 0): string =>
  typeof v === 'string' && v.length <= max && v.length >= min ? v : bad(what + ' must be a string of ' + min + '–' + max + ' characters')

/** An optional string: undefined stays undefined. */
export const optStr = (v: unknown, what: string, max: number = WIRE.shortChars): string | undefined => (v === undefined ? undefined : str(v, what, max))

/** A safe non-negative integer. */
export const int = (v: unknown, what: string): number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : bad(what + ' must be a non-negative integer')

/** An optional non-negative integer. */
export const optInt = (v: unknown, what: string): number | undefined => (v === undefined ? undefined : int(v, what))

/** A boolean. */
export const bool = (v: unknown, what: string): boolean => (typeof v === 'boolean' ? v : bad(what + ' must be a boolean'))

/** An id: 1–64 characters of `A-Z a-z 0-9 _ -`. */
export const id = (v: unknown, what: string): string => (isId(v) ? v : bad(what + ' must be an id of 1–64 [A-Za-z0-9_-]'))

/** An array of at most `max` items, each read by `item`. */
export const list = <T>(v: unknown, what: string, max: number, item: (x: unknown, what: string) => T): T[] => {
  if (!Array.isArray(v) || v.length > max) bad(what + ' must be a list of at most ' + max)
  return (v as unknown[]).map((x, i) => item(x, what + '[' + i + ']'))
}

/** One of the given string literals. */
export const oneOf = <T extends string>(v: unknown, what: string, values: readonly T[]): T =>
  values.includes(v as T) ? (v as T) : bad(what + ' must be one of ' + values.join(', '))

/** Drops keys whose value is undefined, so rebuilt objects stay minimal on the wire. */
export const compact = <T extends object>(o: T): T => {
  for (const k in o) if (o[k] === undefined) delete o[k]
  return o
}

/** Parse result of every guard. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

/** Runs a guard on a JSON string or an already parsed value. */
export const run = <T>(input: unknown, guard: (v: unknown) => T): Parsed<T> => {
  try {
    const v = typeof input === 'string' ? JSON.parse(input) : input
    return { ok: true, value: guard(v) }
  } catch (e) {
    const reason = (e as { reason?: unknown } | null)?.reason
    return { ok: false, error: typeof reason === 'string' ? reason : 'frame is not valid JSON' }
  }
}
