// Two of the chat's chunks, in Chromium, when their files cannot be fetched (the forms and images
// chunks have theirs in widget-offline-form and widget-images):
// - the store chunk (widget/chat/store-chunk.ts: the session store, the typing preview, the page
//   watcher), fetched with the first message: tried three times and reported once with the `error`
//   event; the chat goes on (the message reaches the agent), storing nothing in IndexedDB;
// - the notification sound (widget/sound.ts), fetched the first time it plays: tried three times,
//   reported once, the agent's message kept (the launcher counts it); the next one tries again and plays.
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

describe.skipIf(!hasChromium())('the chat’s chunks when they cannot be fetched', () => {
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

  /** Aborts every request for the chunk `name`; returns how many there were so far. */
  const unreachable = async (name: string) => {
    let tries = 0
    await page.route(new RegExp(`/parley-${name}-`), (route) => {
      tries++
      return route.abort()
    })
    return () => tries
  }
  let chatId: string

  it('chats on without the store file after three tries, reports it once, and stores nothing', async () => {
    const storeTries = await unreachable('store')
    await page.locator('button.fab').click()
    const input = page.getByLabel('Message', { exact: true })
    await input.fill('Is the blue one in stock?')
    await input.press('Enter')
    chatId = await agent.answer()
    await page.getByText('Alice Example joined the chat').waitFor()
    await expect.poll(() => page.evaluate(() => window.errors), { timeout: 10_000 }).toEqual(['internal Chat store not loaded'])
    expect(storeTries()).toBe(3)
    expect((await agent.transcript(chatId)).map((m) => m.text)).toContain('Is the blue one in stock?')
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toEqual([])
    await page.unroute(/\/parley-store-/)
  })

  it('reports a sound file that cannot be fetched after three tries, keeps the message, and plays with the next one', async () => {
    const tries = await unreachable('sound')
    // The window closed: an agent message now rings.
    await page.locator('button.fab').click()
    agent.say(chatId, 'Yes, two left.')
    await page.locator('button.fab[aria-label*="1 new"]').waitFor()
    await expect
      .poll(() => page.evaluate(() => window.errors), { timeout: 10_000 })
      .toEqual(['internal Chat store not loaded', 'internal Chat sound not loaded'])
    expect(tries()).toBe(3)
    expect(await page.evaluate(() => window.pings)).toBe(0)

    await page.unroute(/\/parley-sound-/)
    agent.say(chatId, 'Shall I keep one for you?')
    await page.locator('button.fab[aria-label*="2 new"]').waitFor()
    await expect.poll(() => page.evaluate(() => window.pings)).toBe(1)
    expect(await page.evaluate(() => window.errors)).toHaveLength(2)
    await page.locator('button.fab').click()
    await page.locator('.panel').getByText('Yes, two left.').waitFor()
  })
})
