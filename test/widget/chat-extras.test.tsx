// @vitest-environment happy-dom
// The chat window's forms and receipts on a fake relay: the offline form in mode `form`, the
// pre-chat form, rating and transcript at the end, and "Seen".
import { describe, expect, it } from 'vitest'
import type { RelayToCustomer, SiteInfo } from '../../protocol/index.js'
import { chat, msg, welcome, widgetPerTest, type Widget } from './fakes.js'

const startWidget = widgetPerTest()
const start = async (site: SiteInfo, available = true, opts: Parameters<typeof startWidget>[0] = {}, c: RelayToCustomer | null = null) => {
  const w = await startWidget(opts)
  w.t.deliver({ ...welcome(available), site } as RelayToCustomer)
  if (c) w.t.deliver(c)
  return w
}

const field = (w: Widget, id: string) => w.find<HTMLInputElement>('#f-' + id)!
const fill = (w: Widget, id: string, value: string) => {
  field(w, id).value = value
  field(w, id).dispatchEvent(new Event('input', { bubbles: true }))
}
const submit = (w: Widget) => w.find<HTMLFormElement>('form.form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
const button = (w: Widget, name: string) => [...w.shadow().querySelectorAll('button')].find((b) => b.textContent === name)
const say = (w: Widget, text: string) => {
  const area = w.find<HTMLTextAreaElement>('textarea')!
  area.value = text
  area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
}
const active = (w: Widget) => w.shadow().activeElement

describe('offline form (mode form)', () => {
  it('opens while nobody is online when the site says form, and stays hidden in mode hide', async () => {
    const hidden = await start({}, false)
    expect(hidden.parley.open()).toBe(false)
    hidden.parley.destroy()
    const w = await start({ offline: 'form' }, false)
    expect(w.parley.open()).toBe(true)
    expect(w.find('.head p')?.textContent).toBe('Leave us a message')
    expect(w.find('textarea[aria-label="Message"]')).toBeNull()
    expect(w.find('label[for="f-email"]')?.textContent).toBe('Email')
    expect(w.find('label[for="f-image"]')?.textContent).toBe('Image (optional)')
  })

  it('lets the script tag’s data-availability win over the site', async () => {
    const w = await start({ offline: 'form' }, false, { availability: 'hide' })
    expect(w.parley.open()).toBe(false)
  })

  it('names what is missing under each field, marks it invalid and moves focus to the first', async () => {
    const w = await start({ offline: 'form' }, false)
    w.parley.open()
    fill(w, 'name', 'Grace')
    fill(w, 'email', 'grace@')
    submit(w)
    expect(field(w, 'email').getAttribute('aria-invalid')).toBe('true')
    expect(field(w, 'email').getAttribute('aria-describedby')).toBe('e-email')
    expect(w.find('#e-email')?.textContent).toBe('Please enter a valid email address.')
    expect(w.find('#e-message')?.textContent).toBe('Please fill this in.')
    expect(field(w, 'name').getAttribute('aria-invalid')).toBe('false')
    expect(active(w)).toBe(field(w, 'email'))
    // Nothing typed is lost.
    expect(field(w, 'name').value).toBe('Grace')
    expect(field(w, 'email').value).toBe('grace@')
  })

  it('keeps what was typed across a reload of the page, and offers the chat again once an agent is online', async () => {
    const w = await start({ offline: 'form' }, false)
    w.parley.open()
    fill(w, 'message', 'Do you ship to Norway?')
    dispatchEvent(new Event('pagehide'))
    w.parley.destroy()
    const again = await start({ offline: 'form' }, false)
    again.parley.open()
    expect(field(again, 'message').value).toBe('Do you ship to Norway?')
    again.t.deliver({ type: 'availability', available: true })
    expect(again.find('.form')).toBeNull()
    expect(again.find('textarea[aria-label="Message"]')).not.toBeNull()
  })
})

describe('pre-chat form', () => {
  const site: SiteInfo = { preChat: { name: 'required', email: 'optional', topic: 'required', topics: ['Orders', 'Returns'] } }

  it('comes before the first message and its answers go with the start', async () => {
    const w = await start(site)
    w.parley.open()
    expect(w.find('textarea[aria-label="Message"]')).toBeNull()
    expect([...w.shadow().querySelectorAll('#f-topic option')].map((o) => o.textContent)).toEqual(['Choose…', 'Orders', 'Returns'])
    expect(w.find('label[for="f-email"]')?.textContent).toBe('Email (optional)')
    submit(w)
    expect(w.find('#e-name')?.textContent).toBe('Please fill this in.')
    expect(w.find('#e-topic')?.textContent).toBe('Please fill this in.')
    expect(w.find('#e-email')).toBeNull()
    fill(w, 'name', ' Grace Hopper ')
    fill(w, 'topic', 'Returns')
    submit(w)
    expect(w.find('.form')).toBeNull()
    say(w, 'My parcel is late')
    expect(w.t.of('start')[0]).toMatchObject({ parts: [{ type: 'text', text: 'My parcel is late' }], preChat: { name: ' Grace Hopper ', topic: 'Returns' } })
  })

  it('skips what identify() told and asks nothing when that was everything', async () => {
    const w = await start({ preChat: { name: 'required', email: 'required', topic: 'off', topics: [] } })
    w.parley.identify({ name: 'Grace', email: 'grace@shop.example' })
    w.parley.open()
    expect(w.find('.form')).toBeNull()
    say(w, 'Hello')
    expect(w.t.of('start')[0]?.preChat).toBeUndefined()
  })
})

describe('the end of a chat', () => {
  const ended = (w: Widget) => {
    say(w, 'Hello')
    w.t.deliver(
      { type: 'started', token: 'tok', chat: chat() },
      { type: 'ack', id: w.t.of('start')[0]!.id, seq: 1, at: Date.now() },
      { type: 'chat', chat: chat({ status: 'ended' }) }
    )
  }

  it('asks for a rating once: good or bad, a comment if wanted, then thanks', async () => {
    const w = await start({ ratings: true })
    w.parley.open()
    ended(w)
    expect(w.text()).toContain('How was this chat?')
    expect(w.find('#f-comment')).toBeNull()
    button(w, 'Bad')!.click()
    expect(button(w, 'Bad')!.getAttribute('aria-pressed')).toBe('true')
    fill(w, 'comment', ' Too slow ')
    submit(w)
    expect(w.t.of('rate')).toEqual([{ type: 'rate', rating: 'bad', comment: 'Too slow' }])
    expect(w.find('[role=status]')?.textContent).toBe('Thank you for your feedback!')
    expect(button(w, 'Bad')).toBeUndefined()
  })

  it('offers no rating and no transcript when the site does not', async () => {
    const w = await start({})
    w.parley.open()
    ended(w)
    expect(w.text()).not.toContain('How was this chat?')
    expect(button(w, 'Download transcript')).toBeUndefined()
    expect(button(w, 'Email me the transcript')).toBeUndefined()
  })

  it('mails the transcript to the address given before, and says where it went', async () => {
    const w = await start({ transcript: { email: true }, preChat: { name: 'off', email: 'optional', topic: 'off', topics: [] } })
    w.parley.open()
    fill(w, 'email', 'grace@shop.example')
    submit(w)
    ended(w)
    expect(field(w, 'email').value).toBe('grace@shop.example')
    button(w, 'Email me the transcript')!.click()
    submit(w)
    expect(w.t.of('transcript')).toEqual([{ type: 'transcript', email: 'grace@shop.example' }])
    w.t.deliver({ type: 'error', code: 'mail_failed', message: 'mail server down' })
    expect(w.find('.form [role=alert]')?.textContent).toBe('The transcript could not be sent. Please try again later.')
    submit(w)
    w.t.deliver({ type: 'transcript', email: 'grace@shop.example' })
    expect(w.find('[role=status]')?.textContent).toBe('Transcript sent to grace@shop.example.')
    expect(button(w, 'Download transcript')).toBeDefined()
  })
})

describe('read receipts', () => {
  it('sends read while the window is open and shows Seen under the customer’s last read message only', async () => {
    const w = await start({}, true, {}, null)
    w.parley.open()
    say(w, 'Hello')
    w.t.deliver(
      { type: 'started', token: 'tok', chat: chat({ status: 'active' }) },
      { type: 'ack', id: w.t.of('start')[0]!.id, seq: 1, at: Date.now() },
      { type: 'message', message: msg(2) }
    )
    expect(w.t.of('read')).toEqual([{ type: 'read', seq: 2 }])
    say(w, 'Second')
    w.t.deliver({ type: 'ack', id: w.t.of('send')[0]!.id, seq: 3, at: Date.now() }, { type: 'read', seq: 1 })
    expect(w.text()).not.toContain('Seen')
    w.t.deliver({ type: 'read', seq: 3 })
    expect([...w.shadow().querySelectorAll('.msg.customer .at')].map((e) => e.textContent?.includes('Seen'))).toEqual([false, true])
    expect(w.t.of('read')).toHaveLength(1)
  })

  it('sends nothing while the window is closed', async () => {
    const w = await start({}, true, { token: 'tok' })
    w.t.deliver({ type: 'message', message: msg(2) })
    expect(w.t.of('read')).toEqual([])
  })
})

describe('an ended chat in mode form', () => {
  it('stays on screen when the last agent goes, and putting it away leads to the offline form', async () => {
    const w = await start({ offline: 'form', ratings: true })
    w.parley.open()
    say(w, 'Hello')
    w.t.deliver(
      { type: 'started', token: 'tok', chat: chat() },
      { type: 'ack', id: w.t.of('start')[0]!.id, seq: 1, at: Date.now() },
      { type: 'chat', chat: chat({ status: 'ended' }) },
      { type: 'availability', available: false }
    )
    expect(w.text()).toContain('How was this chat?')
    expect(w.find('#f-message')).toBeNull()
    button(w, 'Start a new chat')!.click()
    expect(w.find('#f-message')).not.toBeNull()
    expect(w.find('.head p')?.textContent).toBe('Leave us a message')
  })
})
