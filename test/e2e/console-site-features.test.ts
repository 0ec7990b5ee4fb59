// The site features of issue 12 from the agent's side, in real Chromium against a real relay: an
// admin sets the offline form, business hours, a pre-chat form, ratings and transcripts (axe finds
// nothing on the form); every agent sees "Outside business hours" live; the pre-chat answers, how
// the chat came in and the visitor's rating reach the info card, the chat and the archive; a
// message left through the offline form arrives in Tickets live.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SiteSettings } from '../../protocol/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { axe, consoleFor, cookieOf, text } from './console-kit.js'

/** The site settings form of a console page. */
const site = (page: Page) => page.getByTestId('site-admin')

describe.skipIf(!hasChromium())('site features in the console', () => {
  let relay: TestRelay
  let browser: Browser
  let ann: Page
  let ben: Page
  let dora: TestClient

  /** What the relay stored, read with Ann's session. */
  const stored = async (): Promise<SiteSettings> =>
    ((await (await fetch(relay.url + '/api/site', { headers: { cookie: await cookieOf(ann) } })).json()) as { site: SiteSettings }).site

  const save = async () => {
    await site(ann).getByRole('button', { name: 'Save site settings' }).click()
    await site(ann).getByTestId('site-notice').filter({ hasText: 'Saved.' }).waitFor()
  }

  beforeAll(async () => {
    relay = await startTestRelay({ agentGraceMs: 300, ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {}) })
    browser = await launchBrowser()
    ann = await consoleFor(browser, relay, await relay.agent('Ann Admin', { role: 'admin' }))
    ben = await consoleFor(browser, relay, await relay.agent('Ben Agent'))
  })
  afterAll(async () => {
    dora?.close()
    await browser?.close()
    await relay?.close()
  })

  it('lets an admin set the offline form, business hours, a pre-chat form, ratings and transcripts', async () => {
    await ann.goto(relay.url + '/console/#/admin/site')
    const form = site(ann)
    await form.getByLabel('Offer a leave-a-message form').check()
    await form.getByLabel('Chat only during business hours').check()
    await form.getByRole('button', { name: 'Add hours on Monday' }).click()
    await form.getByLabel('Monday opens at').fill('08:30')
    await form.getByRole('button', { name: 'Copy to Tue–Fri' }).click()
    await form.getByRole('button', { name: 'Add hours on Saturday' }).click()
    await form.getByLabel('Saturday closes at').fill('13:00')
    await form.getByLabel('Closed days').fill('2030-12-25')
    await form.getByRole('button', { name: 'Add closed day' }).click()
    const preChat = form.getByTestId('pre-chat')
    await preChat.getByLabel('Name').selectOption('required')
    await preChat.getByLabel('Email').selectOption('optional')
    await preChat.getByLabel('Topic').selectOption('required')
    await preChat.getByRole('button', { name: 'Add topic' }).click()
    await preChat.getByLabel('Topic 1').fill('Orders')
    await preChat.getByRole('button', { name: 'Add topic' }).click()
    await preChat.getByLabel('Topic 2').fill('Returns')
    await form.getByLabel('Ask the customer to rate the chat').check()
    await form.getByLabel('Offer the transcript by email').check()
    // A mistake first: the form says what to fix and sends nothing.
    await form.getByRole('button', { name: 'Add hours on Sunday' }).click()
    await form.getByLabel('Sunday closes at').fill('08:00')
    await form.getByRole('button', { name: 'Save site settings' }).click()
    await form.getByRole('alert').filter({ hasText: 'Sunday: 09:00–08:00 ends before it starts' }).waitFor()
    await screenshot(ann, 'console-site-1-error')
    await form.getByRole('button', { name: /^Remove Sunday/ }).click()
    await save()
    expect(await stored()).toMatchObject({
      offlineMode: 'form',
      businessHours: {
        enabled: true,
        week: [
          { day: 'Mon', from: '08:30', to: '17:00' },
          { day: 'Tue', from: '08:30', to: '17:00' },
          { day: 'Wed', from: '08:30', to: '17:00' },
          { day: 'Thu', from: '08:30', to: '17:00' },
          { day: 'Fri', from: '08:30', to: '17:00' },
          { day: 'Sat', from: '09:00', to: '13:00' }
        ],
        closedDates: ['2030-12-25']
      },
      preChat: { name: 'required', email: 'optional', topic: 'required', topics: ['Orders', 'Returns'] },
      ratings: true,
      transcripts: true
    })
    // Without PARLEY_SMTP_URL the relay cannot mail transcripts, and the form says so.
    await form.getByTestId('mail-missing').waitFor()
    for (const [i, part] of ['offline-mode', 'business-hours', 'pre-chat', 'end-of-chat'].entries()) {
      await form.getByTestId(part).scrollIntoViewIfNeeded()
      await screenshot(ann, `console-site-${i + 2}-${part}`)
    }
    expect((await axe(ann)).join('\n')).toBe('')
    await ann.emulateMedia({ colorScheme: 'dark' })
    await form.getByTestId('business-hours').scrollIntoViewIfNeeded()
    await screenshot(ann, 'console-site-6-dark')
    expect((await axe(ann)).join('\n')).toBe('')
    await ann.emulateMedia({ colorScheme: 'light' })
  })

  it('shows every agent "Outside business hours" live when the site closes, and takes it away when it opens', async () => {
    expect(await ben.getByTestId('outside-hours').count()).toBe(0)
    // Today is a closed day: the site closes at once, whatever the weekly hours say.
    const today = new Date().toISOString().slice(0, 10)
    await site(ann).getByTestId('business-hours').getByRole('combobox').selectOption('UTC')
    await site(ann).getByLabel('Closed days').fill(today)
    await site(ann).getByRole('button', { name: 'Add closed day' }).click()
    await save()
    await ben.getByTestId('outside-hours').filter({ hasText: 'Outside business hours' }).waitFor()
    await screenshot(ben, 'console-hours-1-outside')
    expect((await axe(ben)).join('\n')).toBe('')
    await site(ann).getByLabel('Chat only during business hours').uncheck()
    await save()
    await ben.getByTestId('outside-hours').waitFor({ state: 'detached' })
  })

  it('puts the pre-chat answers and the business hours on the info card, the rating on the chat, and both in the archive', async () => {
    await ann.goto(relay.url + '/console/#/chats')
    await ann.getByRole('switch').click()
    await ann.getByRole('switch', { checked: true }).waitFor()
    dora = (await relay.customerSocket()).client
    dora.send({
      type: 'start',
      id: 'd1',
      parts: text('I want to send back a jacket'),
      preChat: { name: 'Dora Visitor', email: 'dora@example.com', topic: 'Returns' }
    })
    await dora.next('started')
    const entry = ann.getByTestId('waiting-item').filter({ hasText: 'Dora Visitor' })
    await entry.hover()
    const card = ann.locator('#' + (await entry.getAttribute('aria-describedby')))
    await card.filter({ hasText: 'dora@example.com' }).filter({ hasText: 'Returns' }).waitFor({ state: 'visible' })
    await screenshot(ann, 'console-prechat-1-card')
    await entry.click()
    const chat = ann.getByTestId('chat-window').filter({ hasText: 'send back a jacket' })
    await chat.getByTestId('chat-topic').filter({ hasText: 'Returns' }).waitFor()
    await chat.getByRole('button', { name: 'End chat' }).click()
    await chat.getByTestId('chat-ended').waitFor()
    await dora.next('chat', (f) => f.chat.status === 'ended')
    dora.send({ type: 'rate', rating: 'good', comment: 'Quick and kind' })
    await chat.getByTestId('chat-rating').filter({ hasText: 'Rated Good' }).filter({ hasText: 'Quick and kind' }).waitFor()
    await screenshot(ann, 'console-rating-1-chat')
    expect((await axe(ann)).join('\n')).toBe('')
    await ann.getByRole('searchbox', { name: 'Search chats' }).fill('Dora')
    await ann.getByRole('searchbox', { name: 'Search chats' }).press('Enter')
    const hit = ann.getByTestId('archive-hit').filter({ hasText: 'Dora Visitor' })
    await hit.getByTestId('archive-facts').filter({ hasText: 'Topic: Returns' }).filter({ hasText: 'Rated Good' }).waitFor()
    await screenshot(ann, 'console-rating-2-archive')
    expect((await axe(ann)).join('\n')).toBe('')
    await ann.getByTestId('archive-results').getByRole('button', { name: 'Close' }).click()
  })

  it('lists a message left through the offline form in Tickets, live, marked as such', async () => {
    await ann.getByRole('switch').click()
    await ann.getByRole('switch', { checked: false }).waitFor()
    await ben.getByRole('link', { name: 'Tickets' }).click()
    await ben.getByTestId('tickets-view').waitFor()
    const res = await fetch(relay.url + '/api/offline-message', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Eli Evening', email: 'eli@example.com', message: 'Please call me back about invoice 7781' })
    })
    expect(res.status).toBeLessThan(300)
    const row = ben.getByTestId('ticket-row').filter({ hasText: 'Eli Evening' })
    await row.getByTestId('ticket-offline').waitFor()
    await row.getByRole('link').first().click()
    await ben.getByTestId('ticket-detail').getByText('invoice 7781').waitFor()
    await ben.getByTestId('ticket-arrival').filter({ hasText: 'Left a message' }).waitFor()
    await screenshot(ben, 'console-offline-1-ticket')
    expect((await axe(ben)).join('\n')).toBe('')
  })
})
