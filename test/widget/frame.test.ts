import { describe, expect, it } from 'vitest'
import type { RelayToCustomer } from '../../protocol/index.js'
import { messagesOk, readFrame } from '../../widget/frame.js'
import { msg, welcome } from './fakes.js'

const ok = (f: unknown) => messagesOk(f as RelayToCustomer)

describe('frame', () => {
  it('reads a JSON object with a string type as a frame, and nothing else', () => {
    expect(readFrame('{"type":"availability","available":true}')).toEqual({ type: 'availability', available: true })
    for (const data of ['{not json', 'null', '5', '"welcome"', '{"no":"type"}', '{"type":7}']) expect(readFrame(data)).toBeUndefined()
  })

  it('refuses messages whose shape the chat cannot rely on', () => {
    expect(ok({ type: 'message', message: { id: 'm1', parts: 'text' } })).toBe(false)
    expect(ok({ type: 'history', messages: [{ id: 7, parts: [] }] })).toBe(false)
    expect(ok({ type: 'history', messages: 'many' })).toBe(false)
    expect(ok({ type: 'history', messages: [null] })).toBe(false)
    expect(ok({ type: 'message', message: null })).toBe(false)
    expect(ok(welcome(true, null, [{ id: 'm1', parts: [{ text: 'no type' }] } as never]))).toBe(false)
  })

  it('accepts well-formed messages and frames without any', () => {
    expect(messagesOk({ type: 'message', message: msg(1) })).toBe(true)
    expect(messagesOk(welcome(true, null, [msg(1), msg(2)]))).toBe(true)
    expect(messagesOk({ type: 'availability', available: true })).toBe(true)
    // regression: an error frame's `message` is its text, and the check dropped every error frame
    expect(messagesOk({ type: 'error', code: 'too_large', message: 'Message too long' })).toBe(true)
  })
})
