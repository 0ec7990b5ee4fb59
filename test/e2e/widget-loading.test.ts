// The chat is fetched when wanted: on a slow connection the launcher says it is on its way (and
// spins), and a chat file that fails to load is retried and reported with the `error` event,
// never leaving a dead launcher. Screenshots: widget-launcher, widget-opening-slow, widget-open-fast.
import type { Route } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot } from './browser.js'
import { withAgentOnline } from './widget-kit.js'

describe.skipIf(!hasChromium())('fetching the chat', () => {
  const env = withAgentOnline({ viewport: { width: 1280, height: 800 } })

  it('fetches nothing but the loader on a page view, and opens at once once the chat is there', async () => {
    const page = await env.fresh()
    const fetched: string[] = []
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname))
    await page.goto(env.relay.url + '/')
    const fab = page.locator('button.fab')
    await fab.waitFor()
    expect(fetched.filter((p) => p.startsWith('/parley'))).toEqual(['/parley.js'])
    await screenshot(page, 'widget-launcher')
    await fab.click()
    await page.getByLabel('Message', { exact: true }).waitFor()
    expect(fetched.filter((p) => p.startsWith('/parley-chat-'))).toHaveLength(1)
    await screenshot(page, 'widget-open-fast')
  })

  it('draws nothing of the host page’s ::before and ::after rules on its host element (regression: `*::after { content: "»" }` showed)', async () => {
    const page = await env.fresh()
    await page.goto(env.relay.url + '/')
    await page.addStyleTag({ content: '*::after { content: "»" } *::before { content: "«" }' })
    await page.locator('button.fab').waitFor()
    const drawn = await page.locator('parley-chat').evaluate((host) => [getComputedStyle(host, '::before').content, getComputedStyle(host, '::after').content])
    expect(drawn).toEqual(['none', 'none'])
    // The page's own elements still get the rule: the test sees what a visitor would.
    expect(
      await page
        .locator('h1')
        .first()
        .evaluate((h) => getComputedStyle(h, '::after').content)
    ).toBe('"»"')
  })

  it('shows the launcher busy while a slow chat file is on its way, then the window', async () => {
    const page = await env.fresh()
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    await page.route(/\/parley-chat-/, async (route: Route) => {
      await held
      await route.continue()
    })
    await page.goto(env.relay.url + '/')
    const fab = page.locator('button.fab')
    await fab.click()
    await expect.poll(() => fab.getAttribute('aria-busy')).toBe('true')
    expect(await fab.getAttribute('class')).toContain('busy')
    await screenshot(page, 'widget-opening-slow')
    release()
    await page.getByLabel('Message', { exact: true }).waitFor()
    expect(await fab.getAttribute('aria-busy')).toBe('false')
  })

  it('retries a chat file that fails, reports it with the error event, and opens on the next press', async () => {
    const page = await env.fresh()
    let failing = true
    await page.route(/\/parley-chat-/, (route: Route) => (failing ? route.abort() : route.continue()))
    await page.goto(env.relay.url + '/')
    await page.waitForFunction(() => typeof (window as { Parley?: { on?: unknown } }).Parley?.on === 'function')
    await page.evaluate(() => {
      const w = window as unknown as { errors: string[]; Parley: { on(t: string, f: (e: { code: string }) => void): void } }
      w.errors = []
      w.Parley.on('error', (e) => w.errors.push(e.code))
    })
    const fab = page.locator('button.fab')
    await fab.click()
    await page.waitForFunction(() => (window as unknown as { errors: string[] }).errors.length > 0)
    expect(await page.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual(['internal'])
    expect(await fab.getAttribute('aria-busy')).toBe('false')
    failing = false
    await fab.click()
    await page.getByLabel('Message', { exact: true }).waitFor()
  })
})
