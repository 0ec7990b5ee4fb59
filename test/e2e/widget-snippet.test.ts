// The README's recommended install, as the demo shop uses it: an inline snippet whose data-*
// attributes are the widget's options, which keeps a queue in `window.Parley` and adds parley.js
// only after the page's load event, once its first contentful paint is on screen (so Lighthouse's
// simulated FCP and LCP do not count the widget's request). In Chromium, on a shop served from
// another origin than the relay: the launcher appears with the snippet's options, calls made
// before the widget loaded run, and the relay sees no request before the load event and the first
// paint (the plain async tag, for contrast, asks before the load event).
// Screenshot: widget-snippet.
import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { parleyReady, serveSite, shopHtml, socketAgent, type Site, type SiteOptions, type SocketAgent } from './widget-kit.js'

/** Where the relay's requests started, where the load event ended and when the first contentful paint was on screen, in the page's own clock (ms). */
const timings = (page: Page, relay: string) =>
  page.evaluate((origin) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming
    const starts = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.startsWith(origin))
      .map((e) => e.startTime)
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN
    return { loadEnd: nav.loadEventEnd, fcp, first: Math.min(...starts), count: starts.length }
  }, relay)

/** The snippet's code in `text` (from its IIFE to its call), each line trimmed. */
const snippetCode = (text: string): string[] => {
  const code = /\(function \(w, d, t\) \{[\s\S]*?\}\)\(window, document, document\.currentScript\)/.exec(text)
  return code ? code[0].split('\n').map((l) => l.trim()) : []
}

describe('the install snippet in the README', () => {
  it('is the demo shop’s, line for line', () => {
    const shop = snippetCode(readFileSync('demo-site/index.html', 'utf8'))
    expect(shop.length).toBeGreaterThan(10)
    expect(snippetCode(readFileSync('README.md', 'utf8'))).toEqual(shop)
  })
})

describe.skipIf(!hasChromium())('the install snippet', () => {
  let relay: TestRelay
  let site: Site
  let browser: Browser
  let agent: SocketAgent
  const options: SiteOptions = { relay: '' }

  const fresh = async (): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    page.setDefaultTimeout(15_000)
    return page
  }

  beforeAll(async () => {
    site = await serveSite(options)
    relay = await startTestRelay({ allowedOrigins: [site.url] })
    options.relay = relay.url
    const shop = shopHtml(relay.url)
    const snippet = /<script data-src="[^"]+"[^>]*>[\s\S]*?<\/script>/.exec(shop)![0]
    options.pages = {
      // The snippet with an option off its default, and calls made at once, long before parley.js.
      '/queued': shop
        .replace(
          snippet,
          `${snippet}\n<script>Parley.identify({ name: 'Ada Queued', email: 'ada@example.com' }); Parley.on('ready', function () { window.readyRan = true })</script>`
        )
        .replace('data-position="right"', 'data-position="left"'),
      // The plain tag, the simple form: its request is part of the page's load.
      '/plain': shop.replace(snippet, `<script src="${relay.url}/parley.js" async data-title="Questions? Chat with us"></script>`)
    }
    browser = await launchBrowser()
    agent = await socketAgent(relay)
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
    await site?.close()
  })

  it('draws the launcher with the snippet’s options and runs the calls queued before the widget loaded', async () => {
    const page = await fresh()
    await page.goto(site.url + '/queued')
    const fab = page.locator('button.fab')
    await fab.waitFor()
    await parleyReady(page)
    expect(await fab.getAttribute('aria-label')).toBe('Questions? Chat with us')
    const box = (await fab.boundingBox())!
    expect(box.x + box.width / 2).toBeLessThan(640)
    expect(await fab.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(42, 157, 143)')
    // Queued `on('ready')`: the test's own and the shop's, which shows "Ask a barista".
    await page.waitForFunction(() => (window as unknown as { readyRan?: boolean }).readyRan === true)
    const ask = page.getByRole('button', { name: 'Ask a barista' })
    await ask.waitFor()
    await screenshot(page, 'widget-snippet')
    await ask.click()
    const composer = page.getByLabel('Message', { exact: true })
    await composer.fill('Which roast for an AeroPress?')
    await composer.press('Enter')
    // Queued `identify()`: the agent sees who wrote.
    const panel = await agent.panel.until((p) => p.waiting.some((c) => c.firstText === 'Which roast for an AeroPress?'), 10_000)
    const chat = panel.waiting.find((c) => c.firstText === 'Which roast for an AeroPress?')!
    expect(chat.customer).toMatchObject({ name: 'Ada Queued', email: 'ada@example.com' })
  })

  it('makes no request to the relay before the page’s load event and first contentful paint; the plain tag does', async () => {
    const page = await fresh()
    await page.goto(site.url + '/')
    await page.locator('button.fab').waitFor()
    const snippet = await timings(page, relay.url)
    expect(snippet.count).toBeGreaterThan(0)
    expect(snippet.first).toBeGreaterThan(snippet.loadEnd)
    expect(snippet.first).toBeGreaterThan(snippet.fcp)

    const plain = await fresh()
    await plain.goto(site.url + '/plain')
    await plain.locator('button.fab').waitFor()
    const tag = await timings(plain, relay.url)
    expect(tag.first).toBeLessThan(tag.loadEnd)
  })
})
