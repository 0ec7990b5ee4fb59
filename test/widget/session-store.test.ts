import { describe, expect, it } from 'vitest'
import { createSessionStore } from '../../widget/session-store.js'

describe('session store', () => {
  it('reads as empty, and writes without throwing, where there is no IndexedDB', async () => {
    expect(typeof indexedDB).toBe('undefined')
    const store = createSessionStore()
    await expect(store.load()).resolves.toEqual({})
    await expect(store.put('t', 'tok')).resolves.toBeUndefined()
    await expect(store.del('t')).resolves.toBeUndefined()
    await expect(store.wipe()).resolves.toBeUndefined()
  })
})
