// @vitest-environment happy-dom
// Several tabs of one site: a chat started in one is joined live by the others, reset() in one
// forgets the session in all, and exactly one tab plays the sound (the holder of a Web Lock).
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Parley } from '../../widget/index.js'
import { joinTabs, type TabNews } from '../../widget/tabs.js'
import { chat, startWidget, tick, welcome } from './fakes.js'

let widgets: Parley[] = []
afterEach(() => {
  for (const p of widgets) p.destroy()
  widgets = []
  document.body.innerHTML = ''
  vi.restoreAllMocks()
})

// A Web Locks stand-in: the first request holds the lock until its promise settles; the next waits.
const fakeLocks = () => {
  const queue: { run: () => Promise<void>; signal?: AbortSignal }[] = []
  let held = false
  const next = () => {
    const q = queue.shift()
    if (!q) return
    held = true
    void q.run().then(() => {
      held = false
      next()
    })
  }
  return {
    request(_name: string, opts: { signal?: AbortSignal }, run: () => Promise<void>) {
      return new Promise((resolve, reject) => {
        const entry = { run: () => run().then(resolve), signal: opts.signal }
        opts.signal?.addEventListener('abort', () => {
          const i = queue.indexOf(entry)
          if (i >= 0) queue.splice(i, 1)
          reject(new DOMException('aborted', 'AbortError'))
        })
        queue.push(entry)
        if (!held) next()
      })
    }
  }
}

describe('tabs', () => {
  it('lets exactly one tab play sounds, and the next one once it closes', async () => {
    Object.defineProperty(navigator, 'locks', { value: fakeLocks(), configurable: true })
    const heard: TabNews[] = []
    const first = joinTabs(() => {})
    const second = joinTabs((n) => heard.push(n))
    await tick()
    expect([first.sounds(), second.sounds()]).toEqual([true, false])
    first.tell({ read: true })
    await tick()
    expect(heard).toEqual([{ read: true }])
    first.close()
    await tick()
    expect(second.sounds()).toBe(true)
    second.close()
  })

  it('plays sounds only in a visible tab where there are no Web Locks', () => {
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true })
    const tab = joinTabs(() => {})
    expect(tab.sounds()).toBe(true)
    Object.defineProperty(document, 'hidden', { value: true, configurable: true })
    expect(tab.sounds()).toBe(false)
    Object.defineProperty(document, 'hidden', { value: false, configurable: true })
    tab.close()
  })

  it('joins a chat started in another tab, live, with that tab’s token', async () => {
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true })
    const other = await startWidget()
    widgets.push(other.parley)
    other.t.deliver(welcome(true))
    const mine = joinTabs(() => {})
    // The other tab starts a chat.
    other.parley.open()
    const area = other.find<HTMLTextAreaElement>('textarea')!
    area.value = 'Hello'
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    const token = other.t.of('hello')[0]!.token!
    other.t.deliver({ type: 'started', token, chat: chat() })
    mine.close()
    // A widget in this tab, already running without a chat, hears it and says hello with that token.
    const here = await startWidget()
    widgets.push(here.parley)
    here.t.deliver(welcome(true))
    const tell = joinTabs(() => {})
    tell.tell({ token })
    await tick()
    here.t.connect()
    expect(here.t.of('hello').at(-1)!.token).toBe(token)
    tell.close()
  })

  it('forgets the session in every tab when one resets', async () => {
    Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true })
    const w = await startWidget({ token: 't'.repeat(32) })
    widgets.push(w.parley)
    w.t.deliver(welcome(true, chat({ status: 'active' })))
    w.parley.open()
    const other = joinTabs(() => {})
    other.tell({ reset: true })
    await tick()
    expect(w.parley.isOpen()).toBe(false)
    w.t.connect()
    expect(w.t.of('hello').at(-1)!.token).not.toBe('t'.repeat(32))
    other.close()
  })
})
