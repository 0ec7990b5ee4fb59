import { describe, expect, it, vi } from 'vitest'
import type { Parley } from '../../widget/index.js'
import { createEmitter } from '../../widget/emitter.js'

type Events = { count: number; ping: undefined }

describe('emitter', () => {
  it('calls listeners in the order they were added, with the payload', () => {
    const e = createEmitter<Events>()
    const seen: string[] = []
    e.on('count', (n) => seen.push('a' + n))
    e.on('count', (n) => seen.push('b' + n))
    e.emit('count', 1)
    expect(seen).toEqual(['a1', 'b1'])
  })

  it('stops calling a listener after off', () => {
    const e = createEmitter<Events>()
    const fn = vi.fn()
    e.on('ping', fn)
    e.off('ping', fn)
    e.off('ping', fn)
    e.emit('ping', undefined)
    expect(fn).not.toHaveBeenCalled()
  })

  it('keeps calling the other listeners when one throws, and does not throw itself', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const e = createEmitter<Events>()
    const after = vi.fn()
    e.on('ping', () => {
      throw new Error('host page bug')
    })
    e.on('ping', after)
    expect(() => e.emit('ping', undefined)).not.toThrow()
    expect(after).toHaveBeenCalledOnce()
    expect(error).toHaveBeenCalledOnce()
    error.mockRestore()
  })

  it('lets a listener remove itself while the event is being delivered', () => {
    const e = createEmitter<Events>()
    const seen: number[] = []
    const once = (n: number) => {
      seen.push(n)
      e.off('count', once)
    }
    e.on('count', once)
    e.on('count', (n) => seen.push(n * 10))
    e.emit('count', 1)
    e.emit('count', 2)
    expect(seen).toEqual([1, 10, 20])
  })

  it('checks event names and payloads against the event map at compile time', () => {
    const e = createEmitter<Events>()
    // @ts-expect-error an event that is not in the map
    e.on('nope', () => {})
    // @ts-expect-error a payload of the wrong type
    e.emit('count', 'one')
    const api = {} as Parley
    const types = () => {
      api.on('availability', (available: boolean) => available)
      api.on('message', (m) => m.seq)
      // @ts-expect-error availability carries a boolean
      api.on('availability', (available: string) => available)
      // @ts-expect-error not an event of the widget
      api.on('opened', () => {})
    }
    expect(types).toBeTypeOf('function')
  })
})
