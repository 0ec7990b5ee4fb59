// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { chat, msg, tick, welcome, widgetPerTest } from './fakes.js'

const start = widgetPerTest()

describe('launcher', () => {
  it('renders no launcher while no agent is online', async () => {
    const w = await start()
    w.t.deliver(welcome(false))
    expect(w.find('button')).toBeNull()
    expect(w.parley.isAvailable()).toBe(false)
  })

  it('renders nothing before the relay has answered', async () => {
    const w = await start()
    expect(w.find('button')).toBeNull()
    expect(w.parley.open()).toBe(false)
  })

  it('appears without a reload when an agent comes online, and says so with an availability event', async () => {
    const w = await start()
    const seen: boolean[] = []
    w.parley.on('availability', (a) => seen.push(a))
    w.t.deliver(welcome(false))
    w.t.deliver({ type: 'availability', available: true })
    expect(w.find('button.fab')).not.toBeNull()
    expect(w.parley.isAvailable()).toBe(true)
    expect(seen).toEqual([true])
  })

  it('carries the title as its accessible name', async () => {
    const w = await start({ title: 'Questions? Chat with us' })
    w.t.deliver(welcome(true))
    const fab = w.find('button.fab')!
    expect(fab.getAttribute('aria-label')).toBe('Questions? Chat with us')
    expect(fab.getAttribute('aria-expanded')).toBe('false')
  })

  it('refuses to open while no agent is online', async () => {
    const w = await start()
    const opened: unknown[] = []
    w.parley.on('open', () => opened.push(1))
    w.t.deliver(welcome(false))
    expect(w.parley.open()).toBe(false)
    expect(w.parley.isOpen()).toBe(false)
    expect(w.find('[role=dialog]')).toBeNull()
    expect(opened).toEqual([])
  })

  it('opens the chat window when an agent is online', async () => {
    const w = await start()
    const events: string[] = []
    w.parley.on('open', () => events.push('open'))
    w.parley.on('close', () => events.push('close'))
    w.t.deliver(welcome(true))
    expect(w.parley.open()).toBe(true)
    expect(w.find('[role=dialog]')?.getAttribute('aria-label')).toBe('Chat with us')
    expect(w.find('button.fab')?.getAttribute('aria-expanded')).toBe('true')
    w.parley.close()
    expect(w.find('[role=dialog]')).toBeNull()
    expect(events).toEqual(['open', 'close'])
  })

  it('opens and closes when the customer clicks it', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.find('button.fab')!.click()
    expect(w.parley.isOpen()).toBe(true)
    w.find('button.fab')!.click()
    expect(w.parley.isOpen()).toBe(false)
  })

  it('disappears again when the last agent goes offline and no chat is in progress', async () => {
    const w = await start()
    w.t.deliver(welcome(true), { type: 'availability', available: false })
    expect(w.find('button.fab')).toBeNull()
    expect(w.parley.open()).toBe(false)
  })

  it('stays, with its chat window, while a chat is in progress though every agent went offline', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.open()
    w.t.deliver({ type: 'started', token: 'tok', chat: chat() }, { type: 'ack', id: 'x', seq: 1, at: 1 })
    w.t.deliver({ type: 'availability', available: false })
    expect(w.find('button.fab')).not.toBeNull()
    expect(w.find('[role=dialog]')).not.toBeNull()
    w.parley.close()
    expect(w.find('button.fab')).not.toBeNull()
    expect(w.parley.open()).toBe(true)
    expect(w.parley.isAvailable()).toBe(false)
  })

  it('shows after a reload when the stored chat is in progress though no agent is online', async () => {
    const w = await start({ token: 'tok' })
    expect(w.t.sent[0]).toMatchObject({ type: 'hello', token: 'tok', after: 0 })
    w.t.deliver(welcome(false, chat({ status: 'active', agentName: 'Alice', lastSeq: 2 }), [msg(1, { from: 'customer', name: undefined }), msg(2)]))
    expect(w.find('button.fab')).not.toBeNull()
    expect(w.parley.open()).toBe(true)
    expect(w.text()).toContain('message 1')
    expect(w.text()).toContain('message 2')
  })

  it('sits in the left corner when asked to', async () => {
    const w = await start({ position: 'left' })
    w.t.deliver(welcome(true))
    expect(w.find('.w')?.classList.contains('left')).toBe(true)
  })

  it('takes the accent colour as a custom property of its host element', async () => {
    const w = await start({ color: '#c2410c' })
    expect((w.shadow().host as HTMLElement).style.getPropertyValue('--parley-color')).toBe('#c2410c')
  })

  it('fires ready once, after the first welcome', async () => {
    const w = await start()
    let ready = 0
    w.parley.on('ready', () => ready++)
    w.t.deliver(welcome(false))
    w.t.drop()
    w.t.connect()
    w.t.deliver(welcome(false))
    await tick()
    expect(ready).toBe(1)
  })

  it('is gone from the page after destroy', async () => {
    const w = await start()
    w.t.deliver(welcome(true))
    w.parley.destroy()
    expect(document.querySelector('parley-chat')).toBeNull()
    expect(w.t.closed).toBe(true)
    expect(() => w.parley.open()).not.toThrow()
  })
})
