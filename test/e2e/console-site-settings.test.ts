// Issue 12 from the admin's and the agents' side, in real Chromium against a real relay: an admin
// turns on the leave-a-message form, the pre-chat form, ratings, transcripts and business hours
// (weekly hours and closed days) in the console's site settings as a user would, and saves; a
// widget page already open follows at once; agents see "Outside business hours" in the panel, the
// pre-chat answers on the info card, the rating on the chat, and all of it in the archive.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { axe, consoleFor } from './console-kit.js'
import { openShop, setSite } from './widget-forms-kit.js'
import { serveSite, type Site, type SiteOptions } from './widget-kit.js'

/** `YYYY-MM-DD` of the UTC day `days` from now (the site's zone is UTC). */
const utcDay = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)

describe.skipIf(!hasChromium())('site settings in the console', () => {
  let relay: TestRelay
  let site: Site
  const siteOptions: SiteOptions = { relay: '' }
  let browser: Browser
  /** the admin's console, on the site settings */
  let admin: Page
  /** an agent's console, chat on */
  let ann: Page
  /** the shop, with the widget, open since before anything was saved */
  let shop: Page

  const form = () => admin.getByTestId('site-admin')
  const widgetPanel = (p = shop) => p.locator('.panel')
  /** Clicks Save and waits for the relay's answer to be in the form. */
  const save = async () => {
    await form().getByRole('button', { name: 'Save site settings' }).click()
    await form().getByTestId('site-notice').filter({ hasText: 'Saved. Every open widget gets the new settings now.' }).waitFor()
  }

  beforeAll(async () => {
    site = await serveSite(siteOptions)
    relay = await startTestRelay({ allowedOrigins: [site.url], ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {}) })
    siteOptions.relay = relay.url
    const ada = await relay.agent('Ada Admin', { role: 'admin' })
    await setSite(relay, ada.cookie, { allowedOrigins: [site.url] })
    browser = await launchBrowser()
    shop = await openShop(browser, relay, site.url)
    admin = await consoleFor(browser, relay, ada)
    ann = await consoleFor(browser, relay, await relay.agent('Ann Agent'))
    await admin.getByRole('link', { name: 'Admin' }).click()
    await admin.getByRole('link', { name: 'Site' }).click()
    await form().waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
    await site?.close()
  })

  it('turns on the leave-a-message form, and a widget already open offers it at once', async () => {
    // The seed's default: no agent on, no launcher.
    expect(await shop.locator('button.fab').count()).toBe(0)
    await form().getByRole('radio', { name: 'Offer a leave-a-message form' }).check()
    await save()
    expect(await form().getByRole('radio', { name: 'Offer a leave-a-message form' }).isChecked()).toBe(true)
    await shop.locator('button.fab').click()
    await widgetPanel().getByText('Leave us a message').waitFor()
  })

  it('sets the pre-chat form, ratings and transcripts, and says why the transcript cannot be mailed', async () => {
    const preChat = form().getByTestId('pre-chat')
    await preChat.getByLabel('Name', { exact: true }).selectOption('required')
    await preChat.getByLabel('Email', { exact: true }).selectOption('optional')
    await preChat.getByLabel('Topic', { exact: true }).selectOption('required')
    await preChat.getByRole('button', { name: 'Add topic' }).click()
    await preChat.getByRole('textbox', { name: 'Topic 1', exact: true }).fill('Orders')
    await preChat.getByRole('button', { name: 'Add topic' }).click()
    await preChat.getByRole('textbox', { name: 'Topic 2', exact: true }).fill('Returns')
    const end = form().getByTestId('end-of-chat')
    await end.getByRole('checkbox', { name: /rate the chat/ }).check()
    await end.getByRole('checkbox', { name: 'Offer the transcript by email' }).check()
    // This relay has no PARLEY_SMTP_URL: the form says so rather than promising mail.
    await end.getByTestId('mail-missing').filter({ hasText: 'This server cannot send email' }).waitFor()
    await save()
    expect(await preChat.getByRole('textbox', { name: 'Topic 2', exact: true }).inputValue()).toBe('Returns')
    await form().getByTestId('pre-chat').scrollIntoViewIfNeeded()
    await screenshot(admin, 'console-site-settings-1-prechat')
    expect((await axe(admin)).join('\n')).toBe('')
  })

  it('asks the visitor for the pre-chat answers once an agent is on, and the agent sees them on the info card and the chat', async () => {
    await ann.getByRole('switch').click()
    await ann.getByRole('switch', { checked: true }).waitFor()
    // The open widget turns from the leave-a-message form to the pre-chat form.
    await widgetPanel().getByText('Before we start, tell us a little about you.').waitFor()
    await shop.getByLabel('Name', { exact: true }).fill('Grace Hopper')
    await shop.getByLabel('Email (optional)').fill('grace@shop.example')
    await shop.getByLabel('Topic', { exact: true }).selectOption('Returns')
    await widgetPanel().getByRole('button', { name: 'Start chat' }).click()
    await widgetPanel().getByLabel('Message', { exact: true }).fill('The grinder I bought arrived broken.')
    await widgetPanel().getByLabel('Message', { exact: true }).press('Enter')
    const waiting = ann.getByTestId('waiting-item').filter({ hasText: 'Grace Hopper' })
    await waiting.hover()
    const card = ann.locator('#' + (await waiting.getAttribute('aria-describedby')))
    await card.waitFor({ state: 'visible' })
    const row = (label: string) =>
      card
        .locator('.card-row')
        .filter({ has: ann.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
        .locator('dd')
    expect(await row('Name').textContent()).toBe('Grace Hopper')
    expect(await row('Email').textContent()).toBe('grace@shop.example')
    expect(await row('Topic').textContent()).toBe('Returns')
    await screenshot(ann, 'console-site-settings-2-info-card')
    await waiting.click()
    const chat = ann.getByTestId('chat-window').filter({ hasText: 'arrived broken' })
    expect(await chat.getByTestId('chat-topic').textContent()).toBe('Topic Returns')
  })

  it('shows the rating the visitor gives on the ended chat; the widget offers the download but no mail', async () => {
    const chat = ann.getByTestId('chat-window').filter({ hasText: 'arrived broken' })
    await chat.getByLabel('Message', { exact: true }).fill('Sorry! A new one is on its way.')
    await chat.getByLabel('Message', { exact: true }).press('Enter')
    await widgetPanel().getByText('A new one is on its way').waitFor()
    await chat.getByRole('button', { name: 'End chat' }).click()
    await widgetPanel().getByText('How was this chat?').waitFor()
    await widgetPanel().getByRole('button', { name: 'Good' }).click()
    await widgetPanel().getByLabel('Anything to add? (optional)').fill('Quick and kind')
    await widgetPanel().getByRole('button', { name: 'Send' }).click()
    await widgetPanel().getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor()
    expect(await widgetPanel().getByRole('button', { name: 'Download transcript' }).count()).toBe(1)
    expect(await widgetPanel().getByRole('button', { name: 'Email me the transcript' }).count()).toBe(0)
    await chat.getByTestId('chat-rating').filter({ hasText: 'Rated Good' }).filter({ hasText: 'Quick and kind' }).waitFor()
    await screenshot(ann, 'console-site-settings-3-rated')
  })

  it('sets weekly hours and closed days; outside them the widget offers the form even with an agent on, and agents see it', async () => {
    const hours = form().getByTestId('business-hours')
    await hours.getByRole('checkbox', { name: 'Chat only during business hours' }).check()
    expect(await hours.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('UTC')
    await hours.getByRole('button', { name: 'Add hours on Monday' }).click()
    await hours.getByLabel('Monday opens at').fill('00:00')
    await hours.getByLabel('Monday closes at').fill('00:00')
    await hours.getByRole('button', { name: 'Copy to Tue–Fri' }).click()
    for (const day of ['Saturday', 'Sunday']) {
      await hours.getByRole('button', { name: 'Add hours on ' + day }).click()
      await hours.getByLabel(day + ' opens at').fill('00:00')
      await hours.getByLabel(day + ' closes at').fill('00:00')
    }
    await hours.locator('[data-testid="hours-now"]').filter({ hasText: ': open with these hours.' }).waitFor()
    // Today and tomorrow closed, so the test does not depend on the hour it runs at.
    for (const date of [utcDay(0), utcDay(1)]) {
      await hours.getByLabel('Closed days', { exact: true }).fill(date)
      await hours.getByRole('button', { name: 'Add closed day' }).click()
    }
    expect(await hours.getByRole('list', { name: 'Closed days added' }).getByRole('listitem').count()).toBe(2)
    await hours.locator('[data-testid="hours-now"]').filter({ hasText: ': closed with these hours.' }).waitFor()
    await save()
    await hours.scrollIntoViewIfNeeded()
    await screenshot(admin, 'console-site-settings-4-hours')
    expect((await axe(admin)).join('\n')).toBe('')
    // Ann's chat is on, and still the panel says the site is closed.
    await ann.getByRole('switch', { checked: true }).waitFor()
    await ann.getByTestId('outside-hours').filter({ hasText: 'Outside business hours' }).filter({ hasText: 'even with your chat on' }).waitFor()
    await screenshot(ann, 'console-site-settings-5-outside-hours')
    // A visitor now gets the leave-a-message form, not a chat.
    const late = await openShop(browser, relay, site.url)
    await late.locator('button.fab').click()
    await widgetPanel(late).getByText('Leave us a message').waitFor()
    await late.getByLabel('Name', { exact: true }).fill('Linus Late')
    await late.getByLabel('Email', { exact: true }).fill('linus@shop.example')
    await late.getByLabel('Message', { exact: true }).fill('Do you sell descaler for the grinder?')
    await widgetPanel(late).getByRole('button', { name: 'Send' }).click()
    await widgetPanel(late).getByRole('status').filter({ hasText: "Thank you! We'll reply by email to linus@shop.example." }).waitFor()
  })

  it('finds the pre-chat topic, the rating and the outside-hours flag in the archive', async () => {
    const search = ann.getByRole('searchbox', { name: 'Search chats' })
    await search.fill('grinder')
    await search.press('Enter')
    const hits = ann.getByTestId('archive-hit')
    await expect.poll(() => hits.count()).toBe(2)
    const graces = hits.filter({ hasText: 'Grace Hopper' }).getByTestId('archive-facts')
    expect(await graces.textContent()).toBe('Topic: Returns · Rated Good: “Quick and kind”')
    const linus = hits.filter({ hasText: 'Linus Late' })
    expect(await linus.getByTestId('archive-facts').textContent()).toBe('Left a message outside business hours')
    await screenshot(ann, 'console-site-settings-6-archive')
    expect((await axe(ann)).join('\n')).toBe('')
    // The pre-chat answers are found too: the topic, and the email the visitor gave.
    for (const q of ['Returns', 'grace@shop.example']) {
      // Closed first, so the count waited for is this search's.
      await ann.getByTestId('archive-results').getByRole('button', { name: 'Close' }).click()
      await ann.getByTestId('archive-results').waitFor({ state: 'detached' })
      await search.fill(q)
      await search.press('Enter')
      await ann
        .getByTestId('archive-results')
        .getByRole('status')
        .filter({ hasText: /^1 chat$/ })
        .waitFor()
      expect(await hits.allTextContents()).toEqual([expect.stringContaining('Grace Hopper')])
    }
    await search.fill('descaler')
    await search.press('Enter')
    await linus.click()
    const chat = ann.getByTestId('chat-window').filter({ hasText: 'descaler' })
    expect(await chat.getByTestId('chat-arrival').textContent()).toBe('Left a message outside business hours')
  })

  it('opens again as soon as the closed days are removed: the panel says so and a visitor can chat', async () => {
    const hours = form().getByTestId('business-hours')
    for (const date of [utcDay(0), utcDay(1)]) {
      const label = await hours.locator(`time[datetime="${date}"]`).textContent()
      await hours.getByRole('button', { name: 'Open again on ' + label }).click()
    }
    expect(await hours.getByRole('list', { name: 'Closed days added' }).count()).toBe(0)
    await save()
    await ann.getByTestId('outside-hours').waitFor({ state: 'detached' })
    const early = await openShop(browser, relay, site.url)
    await early.locator('button.fab').click()
    await early.getByLabel('Name', { exact: true }).fill('Ada Early')
    await early.getByLabel('Topic', { exact: true }).selectOption('Orders')
    await widgetPanel(early).getByRole('button', { name: 'Start chat' }).click()
    await widgetPanel(early).getByLabel('Message', { exact: true }).fill('Where is order 1042?')
    await widgetPanel(early).getByLabel('Message', { exact: true }).press('Enter')
    await ann.getByTestId('waiting-item').filter({ hasText: 'Ada Early' }).waitFor()
  })
})
