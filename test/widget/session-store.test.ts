import { describe, expect, it } from 'vitest'
import { createSessionStore } from '../../widget/session-store.js'

describe('session store', () => {
  it('reads as "no token", and writes without throwing, where there is no IndexedDB', async () => {
    expect(typeof indexedDB).toBe('undefined')
    const store = createSessionStore()
    await expect(store.get()).resolves.toBeUndefined()
    await expect(store.set('tok')).resolves.toBeUndefined()
    await expect(store.del()).resolves.toBeUndefined()
  })
})
