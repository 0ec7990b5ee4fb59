// The session store whose chunk comes on first use: calls keep their order and reach the real
// store; a chunk that cannot be fetched reads as empty, writes nothing and is reported once.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SessionStore } from '../../widget/session-store.js'

const kept = new Map<string, unknown>()
let fetches = 0
let failing = false
vi.mock('../../widget/chat/chunks.js', () => ({
  importImages: () => Promise.reject(new Error('not in this test')),
  importSound: () => Promise.reject(new Error('not in this test')),
  importStore: async () => {
    fetches++
    if (failing) throw new TypeError('Failed to fetch dynamically imported module')
    return {
      createSessionStore: (): SessionStore => ({
        load: async () => Object.fromEntries(kept),
        put: async (k, v) => void kept.set(k, v),
        del: async (k) => void kept.delete(k),
        wipe: async () => kept.clear()
      })
    }
  }
}))

describe('the lazily fetched session store', () => {
  beforeEach(() => {
    kept.clear()
    fetches = 0
    vi.resetModules()
  })

  it('fetches its chunk once, on the first call, and keeps the calls in order', async () => {
    failing = false
    const { createLazyStore } = await import('../../widget/chat/lazy-store.js')
    const failed = vi.fn()
    const store = createLazyStore(failed)
    expect(fetches).toBe(0)
    store.put('t', 'tok')
    store.put('d', 'draft')
    store.del('d')
    expect(await store.load()).toEqual({ t: 'tok' })
    expect(fetches).toBe(1)
    expect(failed).not.toHaveBeenCalled()
  })

  it('reads as empty, writes nothing and reports once when its chunk cannot be fetched after three tries', async () => {
    failing = true
    const { createLazyStore } = await import('../../widget/chat/lazy-store.js')
    const failed = vi.fn()
    const store = createLazyStore(failed)
    expect(await store.load()).toEqual({})
    expect(fetches).toBe(3)
    await store.put('t', 'tok')
    expect(kept.size).toBe(0)
    expect(fetches).toBe(3)
    expect(failed).toHaveBeenCalledTimes(1)
  })
})
