// @vitest-environment happy-dom
// The JS API and what the widget does around the chat: the proposed token, the outbox and draft
// in the store, identity and attributes, pages, unread and sound, reset and destroy, options,
// locales. A fake transport and a memory store stand in for the relay and IndexedDB.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ChatMessage } from '../../protocol/index.js'
import type { Parley } from '../../widget/index.js'
import { chat, msg, startWidget, tick, welcome } from './fakes.js'

type Widget = Awaited<ReturnType<typeof startWidget>>

let widgets: Parley[] = []
const start = async (opts: Parameters<typeof startWidget>[0] = {}) => {
  const w = await startWidget(opts)
  widgets.push(w.parley)
  return w
}
const area = (w: Widget) => w.find<HTMLTextAreaElement>('textarea')!
const say = (w: Widget, text: string) => {
  area(w).value = text
  area(w).dispatchEvent(new Event('input', { bubbles: true }))
  area(w).dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
}
const startChat = (w: Widget, text = 'Hello') => {
  say(w, text)
  const start = w.t.of('start').at(-1)!
  w.t.deliver({ type: 'started', token: w.t.of('hello')[0]!.token!, chat: chat() }, { type: 'ack', id: start.id, seq: 1, at: 1000 })
  return start
}
const agentSays = (w: Widget, seq: number) => w.t.deliver({ type: 'message', message: msg(seq) })
// Long enough for the sound's chunk (already imported once in this file, or not wanted) to have played.
const soundSettles = async () => {
  await import('../../widget/sound.js')
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0))
}
const hidden = (value: boolean) => Object.defineProperty(document, 'hidden', { value, configurable: true })

let oscillators = 0
beforeEach(async () => {
  // Pings of the last test's messages play once the sound's chunk is here: not counted in this one.
  await soundSettles()
  oscillators = 0
  // No Web Locks: the visible tab is the one that plays the sound.
  Object.defineProperty(navigator, 'locks', { value: undefined, configurable: true })
  vi.stubGlobal('AudioContext', function (this: Record<string, unknown>) {
    const node = () => ({ connect: (n: unknown) => n, gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, frequency: {}, start() {}, stop() {} })
    this.currentTime = 0
    this.destination = {}
    this.createGain = node
    this.createOscillator = () => {
      oscillators++
      return node()
    }
  })
})
afterEach(() => {
  for (const p of widgets) p.destroy()
  widgets = []
  hidden(false)
  document.body.innerHTML = ''
  document.documentElement.lang = ''
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

describe('visitor token', () => {
  it('proposes a fresh 32-character token in every hello and stores nothing before the first message', async () => {
    const w = await start()
    const [hello] = w.t.of('hello')
    expect(hello!.token).toMatch(/^[\w-]{32}$/)
    w.t.deliver(welcome(true))
    w.parley.open()
    area(w).value = 'typing is not consent'
    area(w).dispatchEvent(new Event('input', { bubbles: true }))
    w.t.drop()
    w.t.connect()
    expect(w.t.of('hello')[1]!.token).toBe(hello!.token)
    expect(w.store.writes).toBe(0)
  })

  it('stores the proposed token with the first message, so a start resent after a lost answer finds the same chat', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    say(w, 'Is anyone there?')
    const token = w.t.of('hello')[0]!.token
    expect(w.store.token).toBe(token)
    const [first] = w.t.of('start')
    w.t.drop()
    w.t.connect()
    w.t.deliver(welcome(true))
    expect(w.t.of('hello')[1]!.token).toBe(token)
    expect(w.t.of('start').map((s) => s.id)).toEqual([first!.id, first!.id])
  })

  it('keeps its proposed token when the relay has no chat for it, but deletes a stored token the relay does not know', async () => {
    const fresh = await start()
    fresh.t.deliver(welcome(true, null))
    await tick()
    expect(fresh.t.of('hello')[0]!.token).toMatch(/^[\w-]{32}$/)
    expect(fresh.store.writes).toBe(0)
    const old = await start({ token: 'x'.repeat(32), stored: { d: 'old draft' } })
    old.t.deliver(welcome(true, null))
    await tick()
    expect(old.store.data.size).toBe(0)
  })
})

describe('outbox and draft', () => {
  it('keeps an unsent message in the store until the relay acks it, and sends it after a reload', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    startChat(w)
    w.t.drop()
    say(w, 'written offline')
    const [key] = [...w.store.data.keys()].filter((k) => k.startsWith('o:'))
    expect(w.store.data.get(key!)).toMatchObject({ parts: [{ type: 'text', text: 'written offline' }] })
    w.parley.destroy()

    // The page reloads: a new widget on the same store.
    const again = await start({ store: w.store })
    expect(again.t.of('hello')[0]).toMatchObject({ token: w.store.token })
    again.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 1 }), [msg(1, { from: 'customer', name: undefined })]))
    const [send] = again.t.of('send')
    expect(send).toMatchObject({ id: key!.slice(2), parts: [{ type: 'text', text: 'written offline' }] })
    again.t.deliver({ type: 'ack', id: send!.id, seq: 2, at: 2000 })
    expect([...w.store.data.keys()].filter((k) => k.startsWith('o:'))).toEqual([])
  })

  it('stops a message longer than the relay takes before sending it, and keeps it to be shortened (regression: it stayed "Sending…")', async () => {
    const w = await start()
    w.t.deliver({ ...welcome(true), limits: { textChars: 10, frameBytes: 65536 } } as never)
    w.parley.open()
    say(w, 'eleven char')
    expect(w.t.of('start')).toEqual([])
    expect(w.text()).toContain('That is too large.')
    expect(area(w).value).toBe('eleven char')
    say(w, 'ten chars!')
    expect(w.t.of('start')).toHaveLength(1)
  })

  it('fails a stored message longer than the relay takes instead of resending it on every reconnect (regression)', async () => {
    const long = { id: 'long1', parts: [{ type: 'text', text: 'x'.repeat(30) }], at: 1000 }
    const w = await start({ token: 't'.repeat(32), stored: { 'o:long1': long } })
    w.t.deliver({ ...welcome(true, chat({ status: 'active' })), limits: { textChars: 20, frameBytes: 65536 } } as never)
    w.parley.open()
    expect(w.text()).toContain('Not sent')
    expect(w.text()).toContain('That is too large.')
    w.t.drop()
    w.t.connect()
    w.t.deliver({ ...welcome(true, chat({ status: 'active' })), limits: { textChars: 20, frameBytes: 65536 } } as never)
    expect(w.t.of('send')).toEqual([])
    expect(w.text()).toContain('Not sent')
  })

  it('keeps the draft across a reload once a chat exists', async () => {
    const w = await start({ token: 't'.repeat(32) })
    w.t.deliver(welcome(true, chat({ status: 'active' })))
    w.parley.open()
    area(w).value = 'half a thought'
    area(w).dispatchEvent(new Event('input', { bubbles: true }))
    expect(w.store.data.get('d')).toBe('half a thought')
    w.parley.destroy()
    const again = await start({ store: w.store })
    again.t.deliver(welcome(true, chat({ status: 'active' })))
    again.parley.open()
    expect(area(again).value).toBe('half a thought')
  })
})

describe('who and where the customer is', () => {
  it('tells the relay who the customer is before the chat’s start (which it holds for the start, so the chat starts with their name), and again after every reconnect', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.identify({ id: 'u1', name: 'Ada', email: 'ada@example.com', hash: 'ab12' })
    w.parley.setAttributes({ plan: 'pro' })
    w.parley.open()
    startChat(w)
    const claim = { type: 'identify', id: 'u1', name: 'Ada', email: 'ada@example.com', hash: 'ab12' }
    const order = w.t.sent.map((f) => f.type).filter((t) => t === 'identify' || t === 'attributes' || t === 'start')
    // Once each: the `started` does not bring them again.
    expect(order).toEqual(['identify', 'attributes', 'start'])
    expect(w.t.of('identify')).toEqual([claim])
    w.t.drop()
    w.t.connect()
    w.t.deliver(welcome(true, chat({ status: 'active' })))
    expect(w.t.of('identify')).toEqual([claim, claim])
    expect(w.t.of('attributes')).toHaveLength(2)
  })

  it('tells who the customer is, said before the chat ran, once the chat runs, not on a mere page view', async () => {
    const w = await start()
    w.parley.identify({ name: 'Ada' })
    w.parley.setAttributes({ plan: 'pro' })
    w.t.deliver(welcome(true))
    expect(w.t.of('identify')).toEqual([])
    w.parley.open()
    expect(w.t.of('identify')).toEqual([{ type: 'identify', name: 'Ada' }])
    expect(w.t.of('attributes')).toEqual([{ type: 'attributes', attributes: { plan: 'pro' } }])
  })

  it('drops attributes over the relay’s limits and says so with an error event, sending the rest (regression: the whole frame was refused on every reconnect)', async () => {
    const w = await start({ token: 't'.repeat(32) })
    const errors: string[] = []
    w.parley.on('error', (e) => errors.push(e.code + ' ' + e.message))
    w.t.deliver(welcome(true, chat({ status: 'active' })))
    const many: Record<string, number> = {}
    for (let i = 0; i < 49; i++) many['k' + i] = i
    w.parley.setAttributes({ ...many, ['x'.repeat(65)]: 1, '': 2, plan: 'p'.repeat(1500) })
    w.parley.setAttributes({ one: 1, tooMany: 2 })
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^too_large setAttributes/)
    const sent = w.t.of('attributes').map((f) => f.attributes)
    expect(Object.keys(sent[0]!)).toHaveLength(50)
    expect(sent[0]!.plan).toHaveLength(1000)
    expect(sent[1]).toEqual({})
    w.t.drop()
    w.t.connect()
    w.t.deliver(welcome(true, chat({ status: 'active' })))
    expect(Object.keys(w.t.of('attributes').at(-1)!.attributes)).toHaveLength(50)
  })

  it('checks attributes set before the chat runs once it does, and reports the refused ones then', async () => {
    const w = await start()
    const errors: string[] = []
    w.parley.on('error', (e) => errors.push(e.code + ' ' + e.message))
    w.parley.setAttributes({ ['x'.repeat(65)]: 1, plan: 'pro' })
    expect(errors).toEqual([])
    w.t.deliver(welcome(true))
    w.parley.open()
    expect(errors).toEqual(['too_large setAttributes: too many or too long: ' + 'x'.repeat(20)])
    startChat(w)
    expect(w.t.of('attributes').at(-1)).toEqual({ type: 'attributes', attributes: { plan: 'pro' } })
  })

  it('sends attributes as strings, merged, and all of them again after a reconnect', async () => {
    const w = await start({ token: 't'.repeat(32) })
    w.t.deliver(welcome(true, chat({ status: 'active' })))
    w.parley.setAttributes({ plan: 'pro', seats: 5 })
    w.parley.setAttributes({ trial: false })
    expect(w.t.of('attributes')).toEqual([
      { type: 'attributes', attributes: { plan: 'pro', seats: '5' } },
      { type: 'attributes', attributes: { trial: 'false' } }
    ])
    w.t.drop()
    w.t.connect()
    w.t.deliver(welcome(true, chat({ status: 'active' })))
    expect(w.t.of('attributes').at(-1)).toEqual({ type: 'attributes', attributes: { plan: 'pro', seats: '5', trial: 'false' } })
  })

  it('tells the relay about the pages a single-page app moves to once a chat is under way (not on a mere page view, nor with the window only open), and stops on destroy', async () => {
    const pushState = history.pushState
    const w = await start()
    w.t.deliver(welcome(true))
    history.pushState({}, '', '/browsing')
    await tick()
    expect(w.t.of('page')).toEqual([])
    w.parley.open()
    history.pushState({}, '', '/cart')
    await tick()
    expect(w.t.of('page')).toEqual([])
    // The watcher comes with the store chunk, once a chat is under way.
    startChat(w)
    history.pushState({}, '', '/checkout')
    await tick()
    expect(w.t.of('page').at(-1)).toMatchObject({ type: 'page', url: location.origin + '/checkout' })
    history.replaceState({}, '', '/checkout')
    await tick()
    expect(w.t.of('page').filter((p) => p.url.endsWith('/checkout'))).toHaveLength(1)
    w.parley.destroy()
    expect(history.pushState).toBe(pushState)
  })

  it('sends the draft as a preview with typing, only inside a chat', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    area(w).value = 'before'
    area(w).dispatchEvent(new Event('input', { bubbles: true }))
    expect(w.t.of('typing')).toEqual([])
  })
})

describe('unread and sound', () => {
  it('counts agent messages the customer has not seen, and clears the count when the window opens', async () => {
    const w = await start({ token: 't'.repeat(32) })
    const counts: number[] = []
    w.parley.on('unread', (n) => counts.push(n))
    w.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 1 }), [msg(1)]))
    expect(w.parley.unreadCount()).toBe(0)
    agentSays(w, 2)
    agentSays(w, 3)
    expect(w.parley.unreadCount()).toBe(2)
    expect(w.find('.fab')?.getAttribute('aria-label')).toBe('Chat with us (2 new)')
    expect(w.find('.fab .n')?.textContent).toBe('2')
    w.parley.open()
    expect(w.parley.unreadCount()).toBe(0)
    expect(counts).toEqual([1, 2, 0])
  })

  // The sound is a chunk of its own (widget/sound.ts), fetched the first time it plays.
  it('pings for an agent message while the window is closed or the page is hidden, not while the customer is looking', async () => {
    const w = await start({ token: 't'.repeat(32) })
    w.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 1 }), [msg(1)]))
    await soundSettles()
    expect(oscillators).toBe(0)
    agentSays(w, 2)
    await vi.waitFor(() => expect(oscillators).toBe(1))
    agentSays(w, 3)
    await vi.waitFor(() => expect(oscillators).toBe(2))
    w.parley.open()
    agentSays(w, 4)
    w.t.deliver({ type: 'message', message: msg(5, { from: 'customer' }) })
    await soundSettles()
    expect(oscillators).toBe(2)
  })

  it('stays silent when the site turns the sound off', async () => {
    const w = await start({ token: 't'.repeat(32), sound: 'false' })
    w.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 1 }), [msg(1)]))
    agentSays(w, 2)
    await soundSettles()
    expect(oscillators).toBe(0)
  })
})

describe('reset and destroy', () => {
  it('forgets everything on reset: ends the chat, deletes the store, closes, and says hello with a new token', async () => {
    const w = await start()
    const ended: string[] = []
    w.parley.on('chat:end', (c) => ended.push(c.id + ' ' + c.status))
    w.t.deliver(welcome(true))
    w.parley.open()
    w.parley.identify({ name: 'Ada' })
    startChat(w)
    const before = w.t.of('hello')[0]!.token
    w.parley.reset()
    expect(w.t.of('end')).toHaveLength(1)
    expect(w.store.data.size).toBe(0)
    expect(w.parley.isOpen()).toBe(false)
    expect(ended).toEqual(['chat1 ended'])
    w.t.connect()
    const after = w.t.of('hello').at(-1)!.token
    expect(after).toMatch(/^[\w-]{32}$/)
    expect(after).not.toBe(before)
    w.t.deliver(welcome(true))
    w.parley.open()
    expect(w.text()).not.toContain('Hello')
  })

  it('leaves no trace on destroy: no markup, no socket, no page listeners, and no method throws', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    const button = document.createElement('button')
    button.dataset.parleyOpen = ''
    document.body.append(button)
    w.parley.destroy()
    expect(document.querySelector('parley-chat')).toBeNull()
    expect(w.t.closed).toBe(true)
    button.click()
    expect(w.parley.isOpen()).toBe(false)
    for (const call of [() => w.parley.open(), () => w.parley.reset(), () => w.parley.identify(null as never), () => w.parley.setLocale('de')])
      expect(call).not.toThrow()
  })

  it('never throws on bad arguments from the page, before the chat runs (it replays them) or after', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const w = await start()
    expect(() => w.parley.identify(undefined as never)).not.toThrow()
    expect(() => w.parley.setAttributes(null as never)).not.toThrow()
    w.t.deliver(welcome(true))
    expect(w.parley.open()).toBe(true)
    expect(error).toHaveBeenCalledOnce()
    expect(() => w.parley.identify(undefined as never)).not.toThrow()
    expect(error).toHaveBeenCalledTimes(2)
    expect(w.parley.isOpen()).toBe(true)
  })
})

describe('options', () => {
  it('opens from any element with data-parley-open and gives focus back to it on close', async () => {
    const w = await start({ launcher: false })
    w.t.deliver(welcome(true))
    expect(w.find('.fab')).toBeNull()
    const button = document.createElement('button')
    button.setAttribute('data-parley-open', '')
    button.innerHTML = '<span>Ask us</span>'
    document.body.append(button)
    button.querySelector('span')!.click()
    expect(w.parley.isOpen()).toBe(true)
    w.find<HTMLButtonElement>('button.x')!.click()
    expect(w.parley.isOpen()).toBe(false)
    expect(document.activeElement).toBe(button)
  })

  it('shows a launcher that says nobody is available in disabled mode, opening to say so', async () => {
    const w = await start({ availability: 'disabled' })
    w.t.deliver(welcome(false))
    const fab = w.find('.fab.off')!
    expect(fab.getAttribute('aria-label')).toBe('Chat with us — No agent is available right now.')
    expect(w.parley.open()).toBe(true)
    expect(w.find('.note')?.textContent).toBe('No agent is available right now.')
    expect(area(w).disabled).toBe(true)
    w.t.deliver({ type: 'availability', available: true })
    expect(w.find('.fab.off')).toBeNull()
    expect(area(w).disabled).toBe(false)
  })

  it('hides the launcher while nobody is available by default', async () => {
    const w = await start()
    w.t.deliver(welcome(false))
    expect(w.find('.fab')).toBeNull()
  })

  it('puts offset and z-index on its host element', async () => {
    const w = await start({ offset: '24 96', zIndex: 50 })
    const style = (w.shadow().host as HTMLElement).style
    expect([style.getPropertyValue('--parley-x'), style.getPropertyValue('--parley-y'), style.getPropertyValue('--parley-z')]).toEqual(['24px', '96px', '50'])
  })

  it('uses the title, colour and greeting the site set on the relay unless the tag sets its own', async () => {
    const w = await start({ title: undefined })
    w.t.deliver({ ...welcome(true), site: { title: 'Nordlicht help', color: '#123456', greeting: 'Hei! Ask us about coffee.' } } as never)
    w.parley.open()
    expect(w.find('[role=dialog]')?.getAttribute('aria-label')).toBe('Nordlicht help')
    expect((w.shadow().host as HTMLElement).style.getPropertyValue('--parley-color')).toBe('#123456')
    expect(w.find('.hi')?.textContent).toBe('Hei! Ask us about coffee.')
    w.parley.destroy()
    const own = await start({ title: 'Questions?', color: '#b45309' })
    own.t.deliver({ ...welcome(true), site: { title: 'Nordlicht help', color: '#123456' } } as never)
    own.parley.open()
    expect(own.find('[role=dialog]')?.getAttribute('aria-label')).toBe('Questions?')
    expect((own.shadow().host as HTMLElement).style.getPropertyValue('--parley-color')).toBe('#b45309')
  })

  it('says images need a chat first, and that what the browser cannot decode is not an image', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    const paste = (file: File) => {
      const e = new Event('paste', { bubbles: true, cancelable: true })
      Object.defineProperty(e, 'clipboardData', { value: { files: [file] } })
      area(w).dispatchEvent(e)
      return e
    }
    expect(paste(new File(['x'], 'shot.png', { type: 'image/png' })).defaultPrevented).toBe(true)
    expect(w.find('.note')?.textContent).toBe('Say hello first: images follow.')
    startChat(w)
    paste(new File(['not really'], 'notes.txt', { type: 'text/plain' }))
    await tick()
    expect(w.find('.note')?.textContent).toBe('Only images can be sent.')
    expect(w.t.of('send')).toEqual([])
  })
})

describe('locales', () => {
  const fetched: string[] = []
  beforeEach(() => {
    fetched.length = 0
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) => {
        fetched.push(url)
        const lang = /parley-(\w+)\.json$/.exec(url)?.[1]
        if (lang === 'fr') throw new TypeError('offline')
        return { json: async () => ({ lang, dir: lang === 'ar' ? 'rtl' : 'ltr', title: 'T-' + lang, message: 'M-' + lang, close: 42 }) }
      })
    )
  })

  it("speaks the page's language with strings fetched from the relay, right to left for Arabic", async () => {
    document.documentElement.lang = 'de-AT'
    const w = await start({ title: undefined })
    w.t.deliver(welcome(true))
    expect(fetched).toEqual(['https://relay.test/parley-de.json'])
    expect(w.find('.fab')?.getAttribute('aria-label')).toBe('T-de')
    expect(w.find('.w')?.getAttribute('lang')).toBe('de')
    w.parley.setLocale('ar')
    await tick()
    w.parley.open()
    expect(w.find('.w')?.getAttribute('dir')).toBe('rtl')
    expect(area(w).getAttribute('aria-label')).toBe('M-ar')
    // Not a string: stays English.
    expect(w.find('.x')?.getAttribute('aria-label')).toBe('Close chat')
  })

  it('translates the relay’s default title, which is no choice of the site', async () => {
    document.documentElement.lang = 'de'
    const w = await start({ title: undefined })
    w.t.deliver({ ...welcome(true), site: { title: 'Chat with us', color: '#0b5fff' } } as never)
    expect(w.find('.fab')?.getAttribute('aria-label')).toBe('T-de')
  })

  it('prefers the option to the page, and stays English for other languages or when the fetch fails', async () => {
    document.documentElement.lang = 'de'
    const w = await start({ locale: 'it', title: undefined })
    w.t.deliver(welcome(true))
    expect(fetched).toEqual([])
    expect(w.find('.fab')?.getAttribute('aria-label')).toBe('Chat with us')
    w.parley.setLocale('fr')
    await tick()
    expect(fetched).toEqual(['https://relay.test/parley-fr.json'])
    expect(w.find('.fab')?.getAttribute('aria-label')).toBe('Chat with us')
  })
})

describe('messages', () => {
  it('shows images the relay stored as thumbnails that open the full image', async () => {
    const w = await start({ token: 't'.repeat(32) })
    const image: ChatMessage = msg(2, { parts: [{ type: 'image', id: 'abc_DEF-123', mime: 'image/png', width: 800, height: 600 }] })
    w.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 2 }), [msg(1), image]))
    w.parley.open()
    const link = w.find<HTMLAnchorElement>('.msg.agent a')!
    expect(link.getAttribute('href')).toBe('https://relay.test/uploads/abc_DEF-123')
    expect(link.getAttribute('target')).toBe('_blank')
    const img = link.querySelector('img')!
    expect([img.getAttribute('src'), img.getAttribute('alt'), img.getAttribute('width'), img.getAttribute('height')]).toEqual([
      'https://relay.test/uploads/abc_DEF-123',
      'Image',
      '800',
      '600'
    ])
  })

  it('drops a frame whose messages have a shape it cannot rely on, and keeps working', async () => {
    const error = vi.spyOn(console, 'error')
    const w = await start({ token: 't'.repeat(32) })
    w.t.deliver(welcome(true, chat({ status: 'active', lastSeq: 1 }), [msg(1)]))
    w.parley.open()
    w.t.deliver({ type: 'message', message: msg(2, { parts: 'text' as never }) }, { type: 'history', messages: [msg(2, { id: 7 as never })] } as never)
    w.t.deliver({ type: 'message', message: msg(3) })
    expect([...w.shadow().querySelectorAll('.msg.agent')].map((m) => m.textContent)).toEqual([
      expect.stringContaining('message 1'),
      expect.stringContaining('message 3')
    ])
    expect(error).not.toHaveBeenCalled()
  })

  it('hides the page from the preview note until a chat exists, then says agents may see the draft', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    expect(w.find('.hint')).toBeNull()
    startChat(w)
    expect(w.find('.hint')?.textContent).toBe('Agents may see what you type before you send it.')
    expect(area(w).getAttribute('aria-describedby')).toBe('hint')
  })
})

describe('composer', () => {
  it('starts empty again after sending, also when the window is closed and opened before the chat is stored', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    say(w, 'first words')
    w.parley.close()
    w.parley.open()
    expect(area(w).value).toBe('')
  })
})

describe('time zone', () => {
  it('is not worked out at page load, only once the window opens, and travels with the start', async () => {
    vi.resetModules()
    const page = await import('../../widget/page.js')
    const format = vi.spyOn(Intl, 'DateTimeFormat')
    expect(page.visitorInfo().tz).toBeUndefined()
    expect(format).not.toHaveBeenCalled()
    const tz = page.timeZone()
    expect(tz).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone)
    expect(page.visitorInfo().tz).toBe(tz)

    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    say(w, 'What time is it there?')
    expect((w.t.of('start')[0] as { visitor?: { tz?: string } }).visitor?.tz).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone)
  })
})
