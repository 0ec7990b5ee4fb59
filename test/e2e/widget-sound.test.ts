// The notification sound is a chunk of its own (widget/sound.ts), fetched the first time it plays.
// In Chromium: when that file cannot be fetched, the widget tries three times, reports it once with
// the `error` event and keeps the agent's message (the launcher counts it); the next agent message
// tries again and plays.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser } from './browser.js'
import { countPings, parleyReady, socketAgent, type SocketAgent } from './widget-kit.js'

declare global {
  interface Window {
    pings: number
    errors: string[]
  }
}

describe.skipIf(!hasChromium())('the notification sound', () => {
  let relay: TestRelay
  let browser: Browser
  let agent: SocketAgent
  let page: Page

  beforeAll(async () => {
    relay = await startTestRelay()
    browser = await launchBrowser()
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 } })
    await countPings(context)
    agent = await socketAgent(relay)
    page = await context.newPage()
    page.setDefaultTimeout(15_000)
    await page.goto(relay.url + '/')
    await parleyReady(page)
    await page.evaluate(() => {
      window.errors = []
      ;(window as unknown as { Parley: { on(t: string, f: (e: { code: string; message: string }) => void): void } }).Parley.on('error', (e) =>
        window.errors.push(`${e.code} ${e.message}`)
      )
    })
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it('reports a sound file that cannot be fetched after three tries, keeps the message, and plays with the next one', async () => {
    let tries = 0
    await page.route(/\/parley-sound-/, (route) => {
      tries++
      return route.abort()
    })
    await page.locator('button.fab').click()
    const input = page.getByLabel('Message', { exact: true })
    await input.fill('Is the blue one in stock?')
    await input.press('Enter')
    const chatId = await agent.answer()
    await page.getByText('Alice Example joined the chat').waitFor()
    // The window closed: an agent message now rings.
    await page.locator('button.fab').click()
    agent.say(chatId, 'Yes, two left.')
    await page.locator('button.fab[aria-label*="1 new"]').waitFor()
    await expect.poll(() => page.evaluate(() => window.errors), { timeout: 10_000 }).toEqual(['internal Chat sound not loaded'])
    expect(tries).toBe(3)
    expect(await page.evaluate(() => window.pings)).toBe(0)

    await page.unroute(/\/parley-sound-/)
    agent.say(chatId, 'Shall I keep one for you?')
    await page.locator('button.fab[aria-label*="2 new"]').waitFor()
    await expect.poll(() => page.evaluate(() => window.pings)).toBe(1)
    expect(await page.evaluate(() => window.errors)).toHaveLength(1)
    await page.locator('button.fab').click()
    await page.locator('.panel').getByText('Yes, two left.').waitFor()
  })
})
