// What the browser tests of the widget's forms share (offline form, pre-chat, rating and
// transcript, receipts): the site settings an admin saves, axe-core on the widget, and a page of
// the shop with the widget ready.
import { createRequire } from 'node:module'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import type { SiteSettings } from '../../protocol/index.js'
import type { RelayConfig } from '../../relay/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { launchBrowser } from './browser.js'
import { parleyReady, serveLocales, serveSite, socketAgent, type Site, type SiteOptions, type SocketAgent } from './widget-kit.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/** An axe-core violation, reduced to what a failing test should print. */
export type Violation = { id: string; impact: string; nodes: { target: unknown; failureSummary: string }[] }

/** axe-core on the widget only (the host page's own markup is the site's business). */
export const axe = async (page: Page): Promise<Violation[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  // Colours are judged once the window has finished sliding in.
  await page.locator('parley-chat').evaluate((host) => Promise.all(host.shadowRoot!.getAnimations().map((a) => a.finished)))
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Violation[] }> } }).axe.run(
      { include: [['parley-chat']] },
      { resultTypes: ['violations'] }
    )
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))
  })
}

/** Saves site settings as an admin does in the console (what is not given stays as it was). */
export const setSite = async (relay: TestRelay, cookie: string, patch: Partial<SiteSettings>): Promise<SiteSettings> => {
  const headers = { cookie, 'content-type': 'application/json' }
  const { site } = (await (await fetch(relay.url + '/api/site', { headers })).json()) as { site: SiteSettings }
  const res = await fetch(relay.url + '/api/site', { method: 'PUT', headers, body: JSON.stringify({ ...site, ...patch }) })
  if (res.status !== 200) throw new Error(`PUT /api/site: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { site: SiteSettings }).site
}

/** What a page's browser context may differ in: the visitor's language, colour scheme and motion preference. */
export type ShopContext = Pick<BrowserContextOptions, 'locale' | 'colorScheme' | 'reducedMotion'>

/** A new page (own browser context) at `url` with the widget's API ready. */
export const openShop = async (browser: Browser, relay: TestRelay, url: string, opts: ShopContext = {}): Promise<Page> => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, ...opts })).newPage()
  page.setDefaultTimeout(15_000)
  await serveLocales(page, relay.url)
  await page.goto(url)
  await parleyReady(page)
  return page
}

/** A forms test's world, filled in by its `beforeAll`: the shop on its own origin, a relay that allows it, Chromium. */
export interface FormsShop {
  relay: TestRelay
  site: Site
  browser: Browser
  /** the session cookie of Ada, an admin */
  admin: string
  /** the agent online over a socket (only with `agent: true`) */
  agent: SocketAgent
  /** A new page of the shop (own context) with the widget ready; `url` defaults to the shop's home. */
  open(opts?: ShopContext, url?: string): Promise<Page>
}

/**
 * Registers `beforeAll`/`afterAll` that start and stop a FormsShop: the demo shop served on its own
 * origin (`pages` adds pages, given the relay's URL), a relay allowing that origin (`relay` adds
 * config, read when the hook runs), the admin's `settings` saved, an agent online when `agent`.
 */
export const formsShop = (o: {
  relay?: () => Partial<RelayConfig>
  settings?: Partial<SiteSettings>
  pages?: (relayUrl: string) => Record<string, string>
  agent?: boolean
}): FormsShop => {
  const siteOptions: SiteOptions = { relay: '' }
  let agent: SocketAgent | undefined
  const shop = {
    get agent(): SocketAgent {
      if (!agent) throw new Error('formsShop was not asked for an agent (agent: true)')
      return agent
    },
    open(opts: ShopContext = {}, url = shop.site.url) {
      return openShop(shop.browser, shop.relay, url, opts)
    }
  } as FormsShop
  beforeAll(async () => {
    shop.site = await serveSite(siteOptions)
    shop.relay = await startTestRelay({ allowedOrigins: [shop.site.url], ...o.relay?.() })
    siteOptions.relay = shop.relay.url
    siteOptions.pages = o.pages?.(shop.relay.url)
    shop.admin = (await shop.relay.agent('Ada Admin', { role: 'admin' })).cookie
    await setSite(shop.relay, shop.admin, { allowedOrigins: [shop.site.url], ...o.settings })
    if (o.agent) agent = await socketAgent(shop.relay)
    shop.browser = await launchBrowser()
  })
  afterAll(async () => {
    await shop.browser?.close()
    await shop.relay?.close()
    await shop.site?.close()
  })
  return shop
}

/** A 2×2 PNG: an image a visitor attaches. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64')
