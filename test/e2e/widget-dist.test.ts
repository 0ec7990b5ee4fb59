// A smoke test of what we ship, as a developer uses it: the minified dist/parley.js behind the
// async snippet on another origin (calls queued before it loaded, one global, the site's own
// button, identity verified by HMAC, attributes, pages of a single-page app, reset and destroy,
// no error in the console), and dist/parley.mjs with createParley() in a module script.
import { createHmac } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { Frame } from '../helpers/ws-client.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { DIST, serveSite, socketAgent, type Site, type SiteOptions, type SocketAgent } from './widget-kit.js'

const SECRET = 'identity-secret-for-tests'

/** The async snippet of the README, then the script tag. */
const snippetPage = (relay: string, hash: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>My app</title></head><body>
<h1>My app</h1>
<button type="button" data-parley-open>Help</button>
<script>
  window.events = []
  window.globalsBefore = Object.keys(window)
  window.Parley = window.Parley || { q: [] };
  'open close toggle on off identify setAttributes setLocale reset destroy'.split(' ').forEach(function (m) {
    Parley[m] = Parley[m] || function () { Parley.q.push([m, arguments]) }
  });
  Parley.on('ready', function () { events.push('ready') })
  Parley.on('availability', function (a) { events.push('availability ' + a) })
  Parley.on('chat:end', function () { events.push('chat:end') })
  Parley.identify({ id: 'u-42', name: 'Ada Lovelace', email: 'ada@example.com', hash: '${hash}' })
  Parley.setAttributes({ plan: 'pro', seats: 3 })
</script>
<script src="${relay}/parley.js" async data-title="Help" data-launcher="false"></script>
</body></html>`

const esmPage = (relay: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SPA</title></head><body>
<script type="module">
  import { createParley } from '/parley.mjs'
  window.chat = createParley({ relay: '${relay}', title: 'Ask the SPA', position: 'left', theme: 'dark', offset: 32 })
</script>
</body></html>`

describe.skipIf(!hasChromium())('the built widget', () => {
  let relay: TestRelay
  let site: Site
  let browser: Browser
  let agent: SocketAgent
  let page: Page
  let chatId: string
  const problems: string[] = []
  const options: SiteOptions = { relay: '' }

  /** The agent's view of the chat (from `chat` frames and the panel's lists) once it satisfies `ok`. */
  const chatChange = async (ok: (chat: Frame) => boolean): Promise<{ chat: Frame }> => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50)))
      for (const chats of [
        ...agent.client.pending().map((f) => (f.type === 'chat' ? [f.chat] : [])),
        Object.values(agent.panel.get().panel).flat() as Frame[]
      ]) {
        const chat = chats.find((c) => c.id === chatId && ok(c))
        if (chat) return { chat }
      }
    throw new Error('the agent never saw the chat change: ' + JSON.stringify(agent.client.pending().slice(-2)))
  }

  beforeAll(async () => {
    site = await serveSite(options)
    relay = await startTestRelay({ allowedOrigins: [site.url], identitySecret: SECRET })
    options.relay = relay.url
    const hash = createHmac('sha256', SECRET).update('u-42').digest('hex')
    options.pages = { '/app': snippetPage(relay.url, hash), '/spa': esmPage(relay.url) }
    browser = await launchBrowser()
    agent = await socketAgent(relay)
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    page.setDefaultTimeout(10_000)
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()))
    page.on('pageerror', (e) => problems.push(String(e)))
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
    await site?.close()
  })

  it('ships the script, the module, the declarations and the locale files', () => {
    for (const f of ['parley.js', 'parley.mjs', 'parley.d.ts', 'parley-de.json', 'parley-fr.json', 'parley-es.json', 'parley-ar.json'])
      expect(existsSync(`${DIST}/${f}`), f).toBe(true)
    // One line of minified code.
    expect(readFileSync(`${DIST}/parley.js`, 'utf8').split('\n').length).toBeLessThan(80)
  })

  it('loads behind the async snippet, replays the queued calls and adds one global', async () => {
    const served = page.waitForResponse(relay.url + '/parley.js')
    await page.goto(site.url + '/app')
    expect((await (await served).body()).equals(readFileSync(`${DIST}/parley.js`))).toBe(true)
    await page.waitForFunction(() => (window as unknown as { events: string[] }).events.includes('availability true'))
    expect(await page.evaluate(() => (window as unknown as { events: string[] }).events)).toEqual(['ready', 'availability true'])
    const added = await page.evaluate(() => Object.keys(window).filter((k) => !(window as unknown as { globalsBefore: string[] }).globalsBefore.includes(k)))
    expect(added.filter((k) => k !== 'events' && k !== 'globalsBefore')).toEqual(['Parley'])
    expect(await page.locator('button.fab').count()).toBe(0)
  })

  it('opens from the site’s own button, and the agent sees who the customer is, verified, with their attributes', async () => {
    await page.getByRole('button', { name: 'Help' }).click()
    await page.getByLabel('Message', { exact: true }).fill('Where do I change my plan?')
    await page.getByLabel('Message', { exact: true }).press('Enter')
    chatId = await agent.answer()
    // The HMAC `hash` proves the site's user id alone: name and email are the customer's own words.
    const seen = await chatChange((c) => c.customer.verified?.includes('id') && c.attributes?.plan === 'pro')
    expect(seen.chat.customer).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', externalId: 'u-42', verified: ['id'] })
    expect(seen.chat.attributes).toMatchObject({ plan: 'pro', seats: '3' })
    await screenshot(page, 'widget-dist-app')
  })

  it('tells the agent about the pages the app navigates to', async () => {
    await page.evaluate(() => {
      history.pushState({}, '', '/app/billing')
      document.title = 'Billing · My app'
    })
    const moved = await chatChange((c) => c.visitor.url?.endsWith('/app/billing'))
    expect(moved.chat.visitor.title).toBe('Billing · My app')
  })

  it('ends and forgets everything on reset, and leaves no trace on destroy', async () => {
    expect(await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('parley')
    await page.evaluate(() => window.Parley!.reset())
    await chatChange((c) => c.status === 'ended')
    await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('parley')
    expect(await page.evaluate(() => (window as unknown as { events: string[] }).events)).toContain('chat:end')
    await page.evaluate(() => window.Parley!.destroy())
    expect(await page.locator('parley-chat').count()).toBe(0)
    expect(await page.evaluate(() => 'Parley' in window)).toBe(false)
    await page.getByRole('button', { name: 'Help' }).click()
    expect(await page.locator('parley-chat').count()).toBe(0)
    expect(problems).toEqual([])
  })

  it('works on the demo shop: its Ask a barista button opens the chat, and the cart reaches the agent', async () => {
    const shop = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await shop.goto(relay.url + '/')
    const ask = shop.getByRole('button', { name: 'Ask a barista' })
    await ask.waitFor()
    await shop.getByRole('button', { name: 'Add to cart' }).first().click()
    await ask.click()
    await shop.getByLabel('Message', { exact: true }).fill('Which beans for a moka pot?')
    await shop.getByLabel('Message', { exact: true }).press('Enter')
    chatId = await agent.answer()
    const seen = await chatChange((c) => c.attributes?.cart === '1 bag')
    expect(seen.chat.firstText).toBe('Which beans for a moka pot?')
    await screenshot(shop, 'widget-demo-shop')
  })

  it('runs from the ES module with createParley()', async () => {
    const spa = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })).newPage()
    const errors: string[] = []
    spa.on('pageerror', (e) => errors.push(String(e)))
    await spa.goto(site.url + '/spa')
    const fab = spa.locator('button.fab')
    await fab.waitFor()
    expect(await fab.getAttribute('aria-label')).toBe('Ask the SPA')
    const box = (await fab.boundingBox())!
    expect([box.x, 800 - box.y - box.height]).toEqual([32, 32])
    expect(await spa.evaluate(() => (window as unknown as { chat: { open(): boolean } }).chat.open())).toBe(true)
    expect(await spa.locator('.panel').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(28, 28, 31)')
    expect(await spa.evaluate(() => 'Parley' in window)).toBe(false)

    // A colour that is no colour leaves the default, not a transparent launcher.
    // (A string: the test runner would rewrite a dynamic import() inside a function.)
    await spa.evaluate(`(async () => {
      window.chat.destroy()
      const { createParley } = await import('/parley.mjs')
      window.chat = createParley({ relay: '${relay.url}', color: 'banana' })
    })()`)
    await expect.poll(() => fab.evaluate((b) => getComputedStyle(b).backgroundColor).catch(() => '')).toBe('rgb(11, 95, 255)')
    expect(errors).toEqual([])
    await screenshot(spa, 'widget-dist-esm')
  })
})
