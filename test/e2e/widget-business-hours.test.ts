// Business hours from the visitor's side, in real Chromium against a real relay: with an agent's
// chat on but the site outside its hours, the widget does what the availability mode says (no
// launcher, a greyed one, or the leave-a-message form), on a page loaded then and on one already
// open; once the hours open, a chat starts and the agent answers it.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BusinessHours, Weekday } from '../../protocol/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { axe, openShop, setSite } from './widget-forms-kit.js'
import { callParley, serveSite, socketAgent, type Site, type SiteOptions, type SocketAgent } from './widget-kit.js'

const DAYS: Weekday[] = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
/** `YYYY-MM-DD` of the UTC day `days` from now. */
const utcDay = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)
/** Open all week; today and tomorrow closed, so the test does not depend on the hour it runs at. */
const CLOSED: BusinessHours = {
  enabled: true,
  timeZone: 'UTC',
  week: DAYS.map((day) => ({ day, from: '00:00', to: '24:00' })),
  closedDates: [utcDay(0), utcDay(1)]
}
const OPEN: BusinessHours = { ...CLOSED, closedDates: [] }

describe.skipIf(!hasChromium())('business hours in the widget', () => {
  let relay: TestRelay
  let site: Site
  const siteOptions: SiteOptions = { relay: '' }
  let browser: Browser
  let admin: string
  let agent: SocketAgent
  /** a shop page open since before the hours closed */
  let page: Page

  beforeAll(async () => {
    site = await serveSite(siteOptions)
    relay = await startTestRelay({ allowedOrigins: [site.url] })
    siteOptions.relay = relay.url
    admin = (await relay.agent('Ada Admin', { role: 'admin' })).cookie
    await setSite(relay, admin, { allowedOrigins: [site.url], offlineMode: 'hide' })
    agent = await socketAgent(relay)
    browser = await launchBrowser()
    page = await openShop(browser, relay, site.url)
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
    await site?.close()
  })

  const fab = (p = page) => p.locator('button.fab')
  const panel = (p = page) => p.locator('.panel')

  it('hides the launcher outside the hours in mode hide, though an agent’s chat is on', async () => {
    await fab().waitFor()
    await setSite(relay, admin, { businessHours: CLOSED })
    await fab().waitFor({ state: 'detached' })
    expect(await callParley(page, 'open')).toBe(false)
    expect(agent.panel.get().panel.agents.some((a) => a.name === agent.name && a.on)).toBe(true)
    // A page loaded now learns it from the welcome: no launcher once the relay has answered.
    const fresh = await (await browser.newContext()).newPage()
    await fresh.addInitScript(() => {
      const w = window as unknown as { Parley: unknown; answered?: boolean }
      w.Parley = { q: [['on', ['ready', () => (w.answered = true)]]] }
    })
    await fresh.goto(site.url)
    await fresh.waitForFunction(() => (window as unknown as { answered?: boolean }).answered)
    expect(await fab(fresh).count()).toBe(0)
  })

  it('greys the launcher in mode disabled, and the window it opens says no one can answer', async () => {
    await setSite(relay, admin, { offlineMode: 'disabled' })
    await page.locator('button.fab.off').waitFor()
    expect(await fab().getAttribute('aria-label')).toContain('No agent is available right now.')
    await fab().click()
    await panel().getByText('No agent is available right now.').waitFor()
    expect(await axe(page)).toEqual([])
    await screenshot(page, 'widget-hours-disabled')
  })

  it('turns the open window into the leave-a-message form in mode form', async () => {
    await setSite(relay, admin, { offlineMode: 'form' })
    await panel().getByText('Leave us a message').waitFor()
    expect(await page.locator('button.fab.off').count()).toBe(0)
    expect(await axe(page)).toEqual([])
    await screenshot(page, 'widget-hours-form')
  })

  it('starts a chat once the hours open, and the agent answers it', async () => {
    await setSite(relay, admin, { businessHours: OPEN })
    const message = panel().getByLabel('Message', { exact: true })
    await message.fill('Are you open today?')
    await message.press('Enter')
    const chatId = await agent.answer()
    agent.say(chatId, 'We are: how can I help?')
    await panel().getByText('We are: how can I help?').waitFor()
    await screenshot(page, 'widget-hours-open')
  })
})
