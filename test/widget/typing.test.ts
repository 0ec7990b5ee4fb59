import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTyping, TYPING_EVERY_MS, TYPING_IDLE_MS } from '../../widget/typing.js'

let now = 10_000
let sent: boolean[] = []
beforeEach(() => {
  vi.useFakeTimers()
  now = 10_000
  sent = []
})
afterEach(() => vi.useRealTimers())
const typing = () => createTyping((on) => sent.push(on), () => now)

describe('typing', () => {
  it('reports typing at most once per interval while keys keep coming', () => {
    const t = typing()
    for (let i = 0; i < 10; i++) {
      t.input()
      now += 300
      vi.advanceTimersByTime(300)
    }
    expect(sent).toEqual([true, true])
    expect(TYPING_EVERY_MS).toBe(2000)
  })

  it('reports a stop after a quiet spell', () => {
    const t = typing()
    t.input()
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1)
    expect(sent).toEqual([true])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([true, false])
  })

  it('reports a stop on send only when typing was reported', () => {
    const t = typing()
    t.stop()
    expect(sent).toEqual([])
    t.input()
    t.stop()
    vi.advanceTimersByTime(TYPING_IDLE_MS)
    expect(sent).toEqual([true, false])
  })
})
