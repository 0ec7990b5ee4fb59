// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import type { BusinessHours, SiteSettings } from '../../protocol/index.js'
import { endFromInput, endToInput, hoursProblem } from '../../console/business-hours-form.js'
import { checkSite, preChatProblem, siteForm } from '../../console/site-form.js'
import { button, field, one, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { anna, panel } from './fixtures.js'
import { start } from './harness.js'

const site: SiteSettings = {
  allowedOrigins: ['https://shop.example'],
  widgetTitle: 'Chat with us',
  widgetColor: '#4f46e5',
  greeting: 'Hi!',
  timeZone: 'Europe/Berlin'
}

const hours = (over: Partial<BusinessHours> = {}): BusinessHours => ({ enabled: true, timeZone: 'Europe/Berlin', week: [], closedDates: [], ...over })

/** Anna, an admin, on the site settings with the relay answering `answer` (and `saved` to a PUT). */
const siteAdmin = async (answer: object = { site }, put?: { status: number; body: object }) => {
  location.hash = '#/admin/site'
  const s = await start(panel(), [], { 'GET /api/site': { status: 200, body: answer }, ...(put ? { 'PUT /api/site': put } : {}) })
  await step(() => s.socket.receive({ type: 'me', me: anna({ role: 'admin' }) }))
  await settle()
  return s
}

const check = (root: ParentNode, label: string) =>
  step(() => {
    const box = [...root.querySelectorAll('label')].find((l) => text(l).startsWith(label))?.querySelector('input')
    if (!box) throw new Error('no option ' + label)
    box.click()
  })

const choose = (el: HTMLSelectElement, value: string) =>
  step(() => {
    el.value = value
    el.dispatchEvent(new Event('change', { bubbles: true }))
  })

const lastPut = (calls: { method: string; body?: unknown }[]) => calls.filter((c) => c.method === 'PUT').at(-1)?.body as SiteSettings | undefined

describe('the site settings form checks', () => {
  it('fills in what an older relay left out with the defaults', () => {
    expect(siteForm(site)).toMatchObject({
      offlineMode: 'hide',
      businessHours: { enabled: false, timeZone: 'Europe/Berlin', week: [], closedDates: [] },
      preChat: { name: 'off', email: 'off', topic: 'off', topics: [] },
      ratings: false,
      transcripts: false
    })
  })

  it('names the day of a span that ends before it starts, and of spans that overlap', () => {
    expect(hoursProblem(hours({ week: [{ day: 'Tue', from: '17:00', to: '09:00' }] }))).toMatch(/^Tuesday: 17:00–09:00 ends before it starts/)
    expect(
      hoursProblem(
        hours({
          week: [
            { day: 'Wed', from: '09:00', to: '13:00' },
            { day: 'Wed', from: '12:00', to: '18:00' }
          ]
        })
      )
    ).toBe('Wednesday: 09:00–13:00 and 12:00–18:00 overlap.')
    expect(hoursProblem(hours({ week: [{ day: 'Mon', from: '09:00', to: '24:00' }] }))).toBeUndefined()
  })

  it('asks for hours on some day before business hours go on, and for a real zone', () => {
    expect(hoursProblem(hours())).toBe('Add opening hours to at least one day, or turn business hours off.')
    expect(hoursProblem(hours({ enabled: false }))).toBeUndefined()
    expect(hoursProblem(hours({ timeZone: 'Mars/Olympus' }))).toMatch(/“Mars\/Olympus” is not a time zone/)
  })

  it('reads a time field’s 00:00 as the day’s end and shows 24:00 as 00:00', () => {
    expect(endFromInput('00:00')).toBe('24:00')
    expect(endFromInput('17:30')).toBe('17:30')
    expect(endToInput('24:00')).toBe('00:00')
  })

  it('wants topics when a topic is asked for, none blank, none twice', () => {
    expect(preChatProblem({ name: 'off', email: 'off', topic: 'required', topics: [] })).toMatch(/^Add at least one topic/)
    expect(preChatProblem({ name: 'off', email: 'off', topic: 'optional', topics: ['Orders', ' '] })).toBe('Topic 2 is empty: write it or remove it.')
    expect(preChatProblem({ name: 'off', email: 'off', topic: 'optional', topics: ['Orders', 'orders'] })).toBe('“orders” is in the topic list twice.')
    expect(preChatProblem({ name: 'required', email: 'off', topic: 'off', topics: [] })).toBeUndefined()
  })

  it('sends trimmed topics and drops blank ones kept while the topic is not asked', () => {
    const form = siteForm({ ...site, preChat: { name: 'off', email: 'off', topic: 'off', topics: [' Orders ', ''] } })
    const checked = checkSite(form, 'https://shop.example')
    expect(checked.ok && checked.site.preChat.topics).toEqual(['Orders'])
  })
})

describe('the site settings screen', () => {
  resetPageEachTest()

  it('saves the offline form, business hours, a pre-chat form and the end-of-chat options in one go', async () => {
    const { root, api } = await siteAdmin({ site }, { status: 200, body: { site } })
    await check(root, 'Offer a leave-a-message form')
    await check(root, 'Chat only during business hours')
    // Turned on the first time, the hours take the site's zone.
    expect(field<HTMLSelectElement>(root, 'Time zone').tagName).toBe('INPUT')
    const zone = one<HTMLSelectElement>(one(root, '[data-testid="business-hours"]'), 'select')
    expect(zone.value).toBe('Europe/Berlin')
    await step(() => button(root, 'Add hours on Monday').click())
    await step(() => button(root, 'Copy to Tue–Fri').click())
    await step(() => button(root, 'Add hours on Saturday').click())
    await typeInto(field(root, 'Saturday closes at'), '13:00')
    await typeInto(field(root, 'Closed days'), '2030-12-25')
    await step(() => button(root, 'Add closed day').click())
    const preChat = one(root, '[data-testid="pre-chat"]')
    await choose(field<HTMLSelectElement>(preChat, 'Name'), 'required')
    await choose(field<HTMLSelectElement>(preChat, 'Email'), 'optional')
    await choose(field<HTMLSelectElement>(preChat, 'Topic'), 'required')
    await step(() => button(root, 'Add topic').click())
    await typeInto(field(root, 'Topic 1'), ' Orders ')
    await step(() => button(root, 'Add topic').click())
    await typeInto(field(root, 'Topic 2'), 'Returns')
    await check(root, 'Ask the customer to rate the chat')
    await check(root, 'Offer the transcript by email')
    await step(() => button(root, 'Save site settings').click())
    await settle()
    const body = lastPut(api.calls)!
    expect(body.offlineMode).toBe('form')
    expect(body.businessHours).toEqual({
      enabled: true,
      timeZone: 'Europe/Berlin',
      week: [
        { day: 'Mon', from: '09:00', to: '17:00' },
        ...['Tue', 'Wed', 'Thu', 'Fri'].map((day) => ({ day, from: '09:00', to: '17:00' })),
        { day: 'Sat', from: '09:00', to: '13:00' }
      ],
      closedDates: ['2030-12-25']
    })
    expect(body.preChat).toEqual({ name: 'required', email: 'optional', topic: 'required', topics: ['Orders', 'Returns'] })
    expect(body.ratings).toBe(true)
    expect(body.transcripts).toBe(true)
    expect(text(one(root, '[data-testid="site-notice"]'))).toMatch(/^Saved\./)
  })

  it('says what to fix before sending: a topic asked for without topics', async () => {
    const { root, api } = await siteAdmin()
    await choose(field<HTMLSelectElement>(one(root, '[data-testid="pre-chat"]'), 'Topic'), 'optional')
    await step(() => button(root, 'Save site settings').click())
    expect(text(one(root, '[role="alert"]'))).toBe('Pre-chat form: Add at least one topic for customers to choose from, or stop asking for a topic.')
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false)
  })

  it('shows the relay’s refusal and keeps the form as it was', async () => {
    const { root } = await siteAdmin({ site }, { status: 400, body: { code: 'bad_input', message: 'businessHours.timeZone must be an IANA time zone' } })
    await check(root, 'Ask the customer to rate the chat')
    await step(() => button(root, 'Save site settings').click())
    await settle()
    expect(text(one(root, '[role="alert"]'))).toBe('businessHours.timeZone must be an IANA time zone')
    const box = [...root.querySelectorAll('label')].find((l) => text(l).startsWith('Ask the customer to rate'))!.querySelector('input')!
    expect(box.checked).toBe(true)
  })

  it('removes a span and a closed day, and lists a day without spans as closed', async () => {
    const { root, api } = await siteAdmin(
      { site: { ...site, businessHours: hours({ week: [{ day: 'Thu', from: '10:00', to: '16:00' }], closedDates: ['2030-01-01'] }) } },
      { status: 200, body: { site } }
    )
    const thursday = one(root, '[data-day="Thu"]')
    expect(text(one(root, '[data-day="Fri"]'))).toContain('Closed')
    await step(() => button(thursday, 'Remove Thursday 10:00–16:00').click())
    expect(text(one(root, '[data-day="Thu"]'))).toContain('Closed')
    await step(() => (one(root, '[data-testid="closed-date"]').querySelector('button') as HTMLButtonElement).click())
    expect(root.querySelectorAll('[data-testid="closed-date"]')).toHaveLength(0)
    await step(() => button(root, 'Add hours on Sunday').click())
    await step(() => button(root, 'Save site settings').click())
    await settle()
    expect(lastPut(api.calls)!.businessHours).toMatchObject({ week: [{ day: 'Sun', from: '09:00', to: '17:00' }], closedDates: [] })
  })

  it('says so when the relay cannot send email', async () => {
    const { root } = await siteAdmin({ site, mail: false })
    expect(text(one(root, '[data-testid="mail-missing"]'))).toMatch(/cannot send email \(PARLEY_SMTP_URL and PARLEY_MAIL_FROM are not set\)/)
    document.body.innerHTML = ''
    const again = await siteAdmin({ site, mail: true })
    expect(again.root.querySelector('[data-testid="mail-missing"]')).toBeNull()
  })
})
