// @vitest-environment happy-dom
// The store chunk (widget/chat/store-chunk.ts: the session store and its keeper, the typing preview,
// the page watcher) comes once a chat is under way, not with the window; a chunk that cannot be
// fetched is tried three times, reported once with the `error` event, and the chat goes on without
// it, storing nothing.
import { describe, expect, it, vi } from 'vitest'
import type { ParleyEvents } from '../../widget/api.js'
import { chat, tick, welcome, widgetPerTest, type Widget } from './fakes.js'

let fetches = 0
let failing = false
vi.mock('../../widget/chat/chunks.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../widget/chat/chunks.js')>()
  return {
    ...real,
    importStore: async (attempt: number) => {
      fetches++
      if (failing) throw new TypeError('Failed to fetch dynamically imported module')
      return real.importStore(attempt)
    }
  }
})

const startWidget = widgetPerTest()
const area = (w: Widget) => w.find<HTMLTextAreaElement>('textarea')!
const type = (w: Widget, text: string) => {
  area(w).value = text
  area(w).dispatchEvent(new Event('input', { bubbles: true }))
}
const say = (w: Widget, text: string) => {
  type(w, text)
  area(w).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
}
const started = (w: Widget) => {
  const start = w.t.of('start').at(-1)!
  w.t.deliver({ type: 'started', token: w.t.of('hello')[0]!.token!, chat: chat() }, { type: 'ack', id: start.id, seq: 1, at: 1000 })
}

// In this order: the chunk, once fetched, stays for the page.
describe('the store chunk', () => {
  it('is fetched with the first message, tried three times when it cannot be, reported once, and the chat goes on storing nothing', async () => {
    failing = true
    const w = await startWidget()
    // The harness's own try to fetch it ahead failed too.
    fetches = 0
    const errors: ParleyEvents['error'][] = []
    w.parley.on('error', (e) => errors.push(e))
    w.t.deliver(welcome(true))
    w.parley.open()
    type(w, 'Hel')
    await tick()
    expect(fetches).toBe(0)
    say(w, 'Hello')
    expect(w.t.of('start')).toHaveLength(1)
    await vi.waitFor(() => expect(errors).toEqual([{ code: 'internal', message: 'Chat store not loaded' }]), { timeout: 5000 })
    expect(fetches).toBe(3)
    started(w)
    say(w, 'Still there?')
    expect(w.t.of('send')).toMatchObject([{ parts: [{ type: 'text', text: 'Still there?' }] }])
    type(w, 'Hello?')
    await tick()
    expect(w.t.of('typing')).toEqual([])
    expect(fetches).toBe(3)
    expect(errors).toHaveLength(1)
    expect(w.store.writes).toBe(0)
  })

  it('brings the keeper, the typing preview and the page watcher once a chat is under way, not with the window', async () => {
    failing = false
    const w = await startWidget()
    w.t.deliver(welcome(true))
    w.parley.open()
    type(w, 'Hel')
    history.pushState({}, '', '/pricing')
    await tick()
    expect(w.t.of('typing')).toEqual([])
    expect(w.t.of('page')).toEqual([])
    expect(w.store.writes).toBe(0)
    say(w, 'Hello')
    started(w)
    expect(w.store.token).toBe(w.t.of('hello')[0]!.token)
    type(w, 'Where is')
    expect(w.t.of('typing')).toEqual([{ type: 'typing', on: true, text: 'Where is' }])
    history.pushState({}, '', '/checkout')
    await tick()
    expect(w.t.of('page').at(-1)).toMatchObject({ url: location.origin + '/checkout' })
  })
})
