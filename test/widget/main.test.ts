// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

// The script-tag entry reads document.currentScript while it first runs, so each test sets up a
// tag, stubs the socket, and imports a fresh copy of the module.
const sockets: { url: string; onmessage?: (e: { data: string }) => void; onopen?: () => void; onclose?: (e: { code: number }) => void }[] = []
function FakeSocket(this: (typeof sockets)[number], url: string) {
  this.url = url
  sockets.push(this)
}
FakeSocket.prototype.send = () => {}
FakeSocket.prototype.close = () => {}

// The widget starts after the page's next frame (and reads whether a session is stored).
const started = async () => {
  await new Promise(requestAnimationFrame)
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

const load = async (attrs: Record<string, string>) => {
  const tag = document.createElement('script')
  for (const [k, v] of Object.entries(attrs)) tag.setAttribute(k, v)
  Object.defineProperty(document, 'currentScript', { value: tag, configurable: true })
  vi.resetModules()
  await import('../../widget/main.js')
  await started()
}

beforeEach(() => {
  sockets.length = 0
  vi.stubGlobal('WebSocket', FakeSocket)
})
afterEach(() => {
  window.Parley?.destroy()
  delete window.Parley
  document.head.innerHTML = ''
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

describe('script tag', () => {
  it('connects to the relay that served the script and reads its data-* options', async () => {
    await load({ src: 'https://chat.example.com/parley.js', 'data-title': 'Questions? Chat with us', 'data-color': '#b45309', 'data-position': 'left' })
    expect(sockets.map((s) => s.url)).toEqual(['wss://chat.example.com/ws/customer?refusal=close'])
    expect(window.Parley?.isAvailable()).toBe(false)
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'welcome', v: 1, available: true, chat: null, messages: [] }) })
    const shadow = document.querySelector('parley-chat')!.shadowRoot!
    expect(shadow.querySelector('.fab')?.getAttribute('aria-label')).toBe('Questions? Chat with us')
    expect(shadow.querySelector('.w.left')).not.toBeNull()
    expect((shadow.host as HTMLElement).style.getPropertyValue('--parley-color')).toBe('#b45309')
  })

  it('uses ws:// for a relay served over http', async () => {
    await load({ src: 'http://localhost:8080/parley.js' })
    expect(sockets.map((s) => s.url)).toEqual(['ws://localhost:8080/ws/customer?refusal=close'])
  })

  it('replays the calls the async snippet queued before the script loaded', async () => {
    const seen: boolean[] = []
    const q: unknown[][] = [
      ['on', ['availability', (a: boolean) => seen.push(a)]],
      ['setAttributes', [{ plan: 'pro' }]]
    ]
    ;(window as { Parley?: unknown }).Parley = { q }
    await load({ src: 'https://chat.example.com/parley.js' })
    expect(typeof window.Parley?.open).toBe('function')
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'welcome', v: 1, available: true, chat: null, messages: [] }) })
    expect(seen).toEqual([true])
  })

  it('takes data-relay over its own origin, and data-launcher="false" draws no launcher', async () => {
    await load({ src: 'https://cdn.example.com/parley.js', 'data-relay': 'https://chat.example.com', 'data-launcher': 'false' })
    expect(sockets.map((s) => s.url)).toEqual(['wss://chat.example.com/ws/customer?refusal=close'])
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'welcome', v: 1, available: true, chat: null, messages: [] }) })
    expect(document.querySelector('parley-chat')!.shadowRoot!.querySelector('.fab')).toBeNull()
    expect(window.Parley?.open()).toBe(true)
  })

  it('takes the global away on destroy, so a new tag can start a new widget', async () => {
    await load({ src: 'https://chat.example.com/parley.js' })
    window.Parley!.destroy()
    expect(window.Parley).toBeUndefined()
    expect(document.querySelector('parley-chat')).toBeNull()
    await load({ src: 'https://chat.example.com/parley.js' })
    expect(document.querySelectorAll('parley-chat')).toHaveLength(1)
  })

  it('connects when data-relay ends in a slash (regression: every URL became //…)', async () => {
    await load({ src: 'https://cdn.example.com/parley.js', 'data-relay': 'https://chat.example.com/' })
    expect(sockets.map((s) => s.url)).toEqual(['wss://chat.example.com/ws/customer?refusal=close'])
  })

  it('stops after the relay refuses the page’s origin and warns once, naming the setting (regression: retried forever, silently)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      await load({ src: 'https://chat.example.com/parley.js' })
      vi.useFakeTimers({ toFake: ['setTimeout'] })
      sockets[0]!.onclose?.({ code: 4003 })
      await vi.advanceTimersByTimeAsync(120_000)
      expect(sockets).toHaveLength(1)
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]![0])).toMatch(/PARLEY_ALLOWED_ORIGINS.*site settings/)
    } finally {
      warn.mockRestore()
      vi.useRealTimers()
    }
  })

  it('waits for the page to load before it adds anything or connects, and answers calls made meanwhile', async () => {
    // The script ran while the page was still loading (an async tag that arrived early).
    Object.defineProperty(document, 'readyState', { value: 'interactive', configurable: true })
    const seen: boolean[] = []
    try {
      await load({ src: 'https://chat.example.com/parley.js' })
      window.Parley!.on('availability', (a) => seen.push(a))
      window.Parley!.setAttributes({ plan: 'pro' })
      expect(window.Parley!.isAvailable()).toBe(false)
      expect(window.Parley!.open()).toBe(false)
      await started()
      expect(sockets).toHaveLength(0)
      expect(document.querySelector('parley-chat')).toBeNull()
    } finally {
      delete (document as { readyState?: string }).readyState
    }
    window.dispatchEvent(new Event('load'))
    await started()
    expect(sockets.map((s) => s.url)).toEqual(['wss://chat.example.com/ws/customer?refusal=close'])
    sockets[0]!.onmessage?.({ data: JSON.stringify({ type: 'welcome', v: 1, available: true, chat: null, messages: [] }) })
    expect(seen).toEqual([true])
    expect(window.Parley!.isAvailable()).toBe(true)
    expect(document.querySelector('parley-chat')!.shadowRoot!.querySelector('.fab')).not.toBeNull()
  })

  it('makes one widget when the tag is pasted twice', async () => {
    await load({ src: 'https://chat.example.com/parley.js' })
    const first = window.Parley
    await load({ src: 'https://chat.example.com/parley.js' })
    expect(window.Parley).toBe(first)
    expect(document.querySelectorAll('parley-chat')).toHaveLength(1)
    expect(sockets).toHaveLength(1)
  })
})
