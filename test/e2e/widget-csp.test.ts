// The widget on a site with a strict Content-Security-Policy (no 'unsafe-inline', no 'unsafe-eval';
// scripts, styles, connections and images only from the page and the relay, plus a nonce): the whole
// chat works — launcher, messages both ways, an image, another language — and the browser reports
// no violation. Also where constructable stylesheets are missing (the <style> fallback, allowed
// through the script tag's nonce), and, to show the test can fail, the same without the nonce.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { pasteDrawing } from './paste-image.js'
import { callParley, parleyReady, serveLocales, serveSite, shopHtml, socketAgent, type Site, type SiteOptions, type SocketAgent } from './widget-kit.js'

declare global {
  interface Window {
    violations: string[]
  }
}

const NONCE = 'r4nd0mN0nce'

describe.skipIf(!hasChromium())('the widget under a strict CSP', () => {
  let relay: TestRelay
  let site: Site
  let browser: Browser
  let agent: SocketAgent
  const options: SiteOptions = { relay: '', nonce: NONCE }

  // Records every violation the page reports, from the first byte on.
  const page = async (opts: { noConstructableSheets?: boolean } = {}): Promise<Page> => {
    const p = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    p.setDefaultTimeout(10_000)
    await p.addInitScript((removeSheets) => {
      window.violations = []
      document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`))
      if (removeSheets) delete (CSSStyleSheet.prototype as Partial<CSSStyleSheet>).replaceSync
    }, !!opts.noConstructableSheets)
    const consoleCsp: string[] = []
    p.on('console', (m) => /Content Security Policy/i.test(m.text()) && consoleCsp.push(m.text()))
    ;(p as Page & { consoleCsp: string[] }).consoleCsp = consoleCsp
    await serveLocales(p, relay.url)
    return p
  }
  const violations = async (p: Page) => [...(await p.evaluate(() => window.violations)), ...(p as Page & { consoleCsp: string[] }).consoleCsp]

  beforeAll(async () => {
    site = await serveSite(options)
    relay = await startTestRelay({ allowedOrigins: [site.url] })
    options.relay = relay.url
    const ws = relay.url.replace('http', 'ws')
    options.csp = [
      "default-src 'none'",
      `script-src 'nonce-{nonce}' ${relay.url}`,
      `style-src 'self' 'nonce-{nonce}'`,
      `connect-src ${relay.url} ${ws}`,
      `img-src 'self' ${relay.url} blob: data:`,
      "base-uri 'none'",
      "form-action 'self'",
      "frame-ancestors 'none'"
    ].join('; ')
    browser = await launchBrowser()
    agent = await socketAgent(relay)
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
    await site?.close()
  })

  it('chats, sends an image and switches language with no violation reported', async () => {
    const p = await page()
    await p.goto(site.url + '/')
    await parleyReady(p)
    await p.locator('button.fab').click()
    const input = p.getByLabel('Message', { exact: true })
    await input.fill('Hello from a strict page')
    await input.press('Enter')
    const chatId = await agent.answer()
    await p.getByText('Alice Example joined the chat').waitFor()
    agent.say(chatId, 'Hi! The CSP lets us talk.')
    await p.locator('.panel').getByText('Hi! The CSP lets us talk.').waitFor()

    // An image: canvas in, blob: preview, upload over HTTP (connect-src), shown from the relay (img-src).
    await pasteDrawing(input, { width: 300, height: 200, background: '#2a9d8f', name: 'shot.png' })
    const img = p.locator('.panel .msg.customer img')
    await img.waitFor()
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(300)

    // Another language: its strings come from the relay (connect-src).
    await callParley(p, 'setLocale', 'de')
    await p.getByLabel('Nachricht', { exact: true }).waitFor()
    await screenshot(p, 'widget-csp-chat')
    expect(await violations(p)).toEqual([])
  })

  it('styles the widget through the script tag’s nonce where constructable stylesheets are missing', async () => {
    const p = await page({ noConstructableSheets: true })
    await p.goto(site.url + '/')
    await parleyReady(p)
    const fab = p.locator('button.fab')
    await fab.waitFor()
    expect(await fab.evaluate((b) => getComputedStyle(b).width)).toBe('56px')
    expect(await p.locator('parley-chat style').evaluate((s: HTMLStyleElement) => s.nonce)).toBe(NONCE)
    expect(await violations(p)).toEqual([])
  })

  it('reports the violation when the widget is given a wrong nonce for that fallback', async () => {
    const p = await page({ noConstructableSheets: true })
    // The tag carries the page's nonce (so it runs) but data-nonce names another one for the style.
    options.pages = { '/wrong-nonce': shopHtml(relay.url, NONCE).replace('data-position="right"', 'data-position="right" data-nonce="wrong"') }
    await p.goto(site.url + '/wrong-nonce')
    await parleyReady(p)
    await expect.poll(async () => (await violations(p)).some((v) => v.startsWith('style-src'))).toBe(true)
  })
})
