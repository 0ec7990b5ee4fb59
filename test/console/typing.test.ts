import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createTypingNotifier } from '../../console/typing.js'

describe('typing notifier', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  const setup = () => {
    const sent: boolean[] = []
    const notifier = createTypingNotifier(
      (on) => sent.push(on),
      3000,
      4000,
      () => Date.now()
    )
    return { sent, notifier }
  }

  it('says "on" once for a burst of keys', () => {
    const { sent, notifier } = setup()
    for (let i = 0; i < 10; i++) {
      notifier.input()
      vi.advanceTimersByTime(100)
    }
    expect(sent).toEqual([true])
  })

  it('repeats "on" at most every 3 s while typing goes on', () => {
    const { sent, notifier } = setup()
    for (let i = 0; i < 7; i++) {
      notifier.input()
      vi.advanceTimersByTime(1000)
    }
    expect(sent).toEqual([true, true, true])
  })

  it('says "off" after 4 s without input', () => {
    const { sent, notifier } = setup()
    notifier.input()
    vi.advanceTimersByTime(3999)
    expect(sent).toEqual([true])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([true, false])
  })

  it('says "off" at once when stopped, and only after an "on"', () => {
    const { sent, notifier } = setup()
    notifier.stop()
    expect(sent).toEqual([])
    notifier.input()
    notifier.stop()
    vi.advanceTimersByTime(10_000)
    expect(sent).toEqual([true, false])
  })
})
