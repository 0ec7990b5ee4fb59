// What the browser tests of the widget's forms share (offline form, pre-chat, rating and
// transcript, receipts): the site settings an admin saves, axe-core on the widget, and a page of
// the shop with the widget ready.
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import type { SiteSettings } from '../../protocol/index.js'
import type { TestRelay } from '../helpers/relay.js'
import { parleyReady, serveLocales } from './widget-kit.js'

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

/** A new page (own browser context) at `url` with the widget's API ready. */
export const openShop = async (browser: Browser, relay: TestRelay, url: string, opts: { locale?: string } = {}): Promise<Page> => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: opts.locale })).newPage()
  page.setDefaultTimeout(15_000)
  await serveLocales(page, relay.url)
  await page.goto(url)
  await parleyReady(page)
  return page
}

/** A 2×2 PNG: an image a visitor attaches. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64')
