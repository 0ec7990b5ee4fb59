import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTyping, TYPING_EVERY_MS, TYPING_IDLE_MS } from '../../widget/typing.js'

let now = 10_000
let sent: [boolean, string?][] = []
beforeEach(() => {
  vi.useFakeTimers()
  now = 10_000
  sent = []
})
afterEach(() => vi.useRealTimers())
const typing = () =>
  createTyping(
    (on, text) => sent.push(text === undefined ? [on] : [on, text]),
    () => now
  )
const wait = (ms: number) => {
  now += ms
  vi.advanceTimersByTime(ms)
}

describe('typing', () => {
  it('reports typing with the draft at most once per interval while keys keep coming, the last draft included', () => {
    const t = typing()
    let draft = ''
    for (const c of 'hello') {
      t.input((draft += c))
      wait(300)
    }
    // 1500 ms of keys: reported at once, then once more with what was written by then.
    expect(sent).toEqual([
      [true, 'h'],
      [true, 'hell']
    ])
    wait(TYPING_EVERY_MS)
    expect(sent).toEqual([
      [true, 'h'],
      [true, 'hell'],
      [true, 'hello']
    ])
    expect(TYPING_EVERY_MS).toBe(1000)
  })

  it('reports a stop after a quiet spell', () => {
    const t = typing()
    t.input('a')
    wait(TYPING_IDLE_MS - 1)
    expect(sent).toEqual([[true, 'a']])
    wait(1)
    expect(sent).toEqual([[true, 'a'], [false]])
  })

  it('reports a stop on send only when typing was reported, and nothing scheduled goes out after it', () => {
    const t = typing()
    t.stop()
    expect(sent).toEqual([])
    t.input('a')
    t.input('ab')
    t.stop()
    wait(TYPING_IDLE_MS)
    expect(sent).toEqual([[true, 'a'], [false]])
  })
})
