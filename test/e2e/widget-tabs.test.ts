// Several tabs of one site in one browser profile: a chat started in one tab shows live in the
// others (BroadcastChannel hands them its token), a message written in any tab is stored once, and
// the sound for an agent's message plays in exactly one tab (the holder of a Web Lock), then in
// the next one when that tab closes.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { countPings, parleyReady, socketAgent, type SocketAgent } from './widget-kit.js'

declare global {
  interface Window {
    pings: number
  }
}

describe.skipIf(!hasChromium())('the widget in several tabs', () => {
  let relay: TestRelay
  let browser: Browser
  let context: BrowserContext
  let agent: SocketAgent
  let first: Page
  let second: Page
  let chatId: string

  const tab = async () => {
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    await page.goto(relay.url + '/')
    await parleyReady(page)
    await page.locator('button.fab').waitFor()
    return page
  }
  const pings = async () => [await first.evaluate(() => window.pings), await second.evaluate(() => window.pings)]

  beforeAll(async () => {
    relay = await startTestRelay()
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1100, height: 760 } })
    await countPings(context)
    agent = await socketAgent(relay)
    first = await tab()
    second = await tab()
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it('shows a chat started in one tab live in the other', async () => {
    await first.locator('button.fab').click()
    const input = first.getByLabel('Message', { exact: true })
    await input.fill('Started in the first tab')
    await input.press('Enter')
    chatId = await agent.answer()
    await first.getByText('Alice Example joined the chat').waitFor()
    await second.locator('button.fab').click()
    await second.locator('.panel').getByText('Started in the first tab').waitFor()
    await second.locator('.panel').getByText('Alice Example joined the chat').waitFor()
  })

  it('stores a message written in either tab once, and shows it in both', async () => {
    const input = second.getByLabel('Message', { exact: true })
    await input.fill('Written in the second tab')
    await input.press('Enter')
    await first.locator('.panel').getByText('Written in the second tab').waitFor()
    agent.say(chatId, 'Both of you see this')
    for (const page of [first, second]) await page.locator('.panel').getByText('Both of you see this').waitFor()
    const texts = (await agent.transcript(chatId)).map((m) => m.text)
    expect(texts.filter((t) => t === 'Started in the first tab')).toHaveLength(1)
    expect(texts.filter((t) => t === 'Written in the second tab')).toHaveLength(1)
    for (const page of [first, second]) expect(await page.locator('.panel li.msg.customer').count()).toBe(2)
    await screenshot(second, 'widget-tabs-second')
  })

  it('plays the sound for an agent message in one tab only, and in the next one when that tab closes', async () => {
    for (const page of [first, second]) await page.locator('button.fab').click()
    const before = await pings()
    agent.say(chatId, 'Are you still there?')
    for (const page of [first, second]) await page.locator('button.fab[aria-label*="1 new"]').waitFor()
    await expect.poll(async () => (await pings()).reduce((a, b) => a + b) - before.reduce((a, b) => a + b)).toBe(1)
    const [a, b] = await pings()
    expect([a! - before[0]!, b! - before[1]!]).toEqual([1, 0])

    await first.close()
    // The browser hands the lock on once it has cleaned up the closed tab.
    await expect.poll(() => second.evaluate(async () => (await navigator.locks.query()).pending?.length), { timeout: 10_000 }).toBe(0)
    agent.say(chatId, 'Hello?')
    await second.locator('button.fab[aria-label*="2 new"]').waitFor()
    await expect.poll(() => second.evaluate(() => window.pings)).toBe(before[1]! + 1)
  })
})
