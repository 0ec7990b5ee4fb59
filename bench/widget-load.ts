// Widget load: what the widget costs the page that embeds it, measured as the public
// third-party-web dataset measures chat widgets: Lighthouse (12.2.3, its mobile defaults: simulated
// slow 4G and a 4× slower CPU) on the demo shop, served from another origin than the relay (an
// agent online, so the launcher shows), alternately with the script tag and without it. Prints the
// widget's scripting and parse/compile time (Lighthouse's bootup-time for the relay's scripts,
// which is what third-party-web adds up per entity), Total Blocking Time, FCP and LCP with and
// without, and the bytes on the wire; then what the first open costs (Chromium with the CPU 4×
// slower, click to composer).
//
//   npm run bench:widget                    5 Lighthouse runs with and 5 without, alternating
//   WIDGET_RUNS=9 npm run bench:widget
//
// Figures, not a test: nothing fails on a slow run. Bounded: at most 30 runs each; loopback only.
// Wrap it in `flock /tmp/bench.lock` on a shared machine.
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { PROTOCOL_VERSION } from '../protocol/index.js'
import { addAgent } from '../relay/agents.js'
import { buildRelay, makeConfig } from '../relay/index.js'
import { CHROMIUM, hasChromium, launchBrowser } from '../test/e2e/browser.js'
import { connectClient } from '../test/helpers/ws-client.js'

const RUNS = Math.min(30, Math.max(1, Math.round(Number(process.env.WIDGET_RUNS ?? 5)) || 5))
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN
}
const ms = (x: number) => x.toFixed(1) + ' ms'
const kb = (n: number) => (n / 1024).toFixed(2) + ' KB'
const range = (xs: number[]) => `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})`

/** The demo shop on its own origin, with the script tag pointing at `relay`, or without it. */
const serveShop = async (relay: () => string) => {
  const page = readFileSync('demo-site/index.html', 'utf8')
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    if (path === '/shop.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(readFileSync('demo-site/shop.css'))
    if (path !== '/' && path !== '/bare') return void res.writeHead(404).end()
    const html =
      path === '/' ? page.replace('src="/parley.js"', `src="${relay()}/parley.js"`) : page.replace(/<script[^>]*src="\/parley\.js"[^>]*><\/script>/, '')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

interface Run {
  scripting: number
  parse: number
  tbt: number
  fcp: number
  lcp: number
  bytes: number
}

/** One Lighthouse run (mobile defaults) of `url`; the widget's share is what came from `relay`. */
const audit = async (port: number, url: string, relay: string): Promise<Run> => {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] })
  const lhr = result!.lhr
  const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN
  const ours = <T extends { url: string }>(items: T[]) => items.filter((i) => i.url.startsWith(relay))
  const boot = ours((lhr.audits['bootup-time']?.details as { items?: { url: string; scripting: number; scriptParseCompile: number }[] })?.items ?? [])
  const net = ours((lhr.audits['network-requests']?.details as { items?: { url: string; transferSize?: number }[] })?.items ?? [])
  return {
    scripting: boot.reduce((sum, i) => sum + i.scripting, 0),
    parse: boot.reduce((sum, i) => sum + i.scriptParseCompile, 0),
    tbt: num('total-blocking-time'),
    fcp: num('first-contentful-paint'),
    lcp: num('largest-contentful-paint'),
    bytes: net.reduce((sum, i) => sum + (i.transferSize ?? 0), 0)
  }
}

/** The first open in Chromium with the CPU 4× slower: click to composer, and the main thread it took. */
const firstOpen = async (browser: Browser, url: string) => {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 })
  await cdp.send('Performance.enable')
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics')
    const get = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000
    return { task: get('TaskDuration'), script: get('ScriptDuration') }
  }
  await page.goto(url, { waitUntil: 'load' })
  const fab = page.locator('button.fab')
  await fab.waitFor()
  await page.waitForTimeout(500)
  const before = await read()
  const t0 = await page.evaluate(() => performance.now())
  await fab.click()
  await page.locator('.panel textarea').waitFor()
  const t1 = await page.evaluate(() => performance.now())
  const after = await read()
  await context.close()
  return { wall: t1 - t0, task: after.task - before.task, script: after.script - before.script }
}

const main = async () => {
  if (!hasChromium()) throw new Error('bench:widget needs Chromium (PARLEY_CHROMIUM or /usr/bin/chromium)')
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-widget-'))
  let relayUrl = ''
  const shop = await serveShop(() => relayUrl)
  const config = makeConfig({ port: 1, logLevel: 'silent', dataDir, allowedOrigins: [shop.url] })
  const relay = await buildRelay(config)
  await relay.listen({ host: '127.0.0.1', port: 0 })
  // `localhost`, not 127.0.0.1: the relay is another origin than the shop, as on a real site.
  relayUrl = `http://localhost:${(relay.server.address() as AddressInfo).port}`
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS })
  const browser = await launchBrowser()
  try {
    // An agent online, so the widget shows its launcher.
    await addAgent(relay.parley.store, config, { name: 'Bench Agent', email: 'bench@example.com', password: 'bench password 123', role: 'agent' })
    const res = await fetch(relayUrl + '/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: relayUrl },
      body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123' })
    })
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const agent = await connectClient(relayUrl.replace('http', 'ws') + '/ws/agent', { cookie, origin: relayUrl })
    agent.send({ type: 'hello', v: PROTOCOL_VERSION })
    await agent.next('welcome')
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on === true)

    // One warm-up of each, then alternate so both sides see the same machine.
    await audit(chrome.port, shop.url + '/', relayUrl)
    await audit(chrome.port, shop.url + '/bare', relayUrl)
    const withW: Run[] = []
    const without: Run[] = []
    for (let i = 0; i < RUNS; i++) {
      withW.push(await audit(chrome.port, shop.url + '/', relayUrl))
      without.push(await audit(chrome.port, shop.url + '/bare', relayUrl))
    }
    const opens = []
    for (let i = 0; i < Math.min(RUNS, 5); i++) opens.push(await firstOpen(browser, shop.url + '/'))
    agent.close()

    const of = (runs: Run[], k: keyof Run) => runs.map((r) => r[k])
    const rows: [string, string][] = [
      ['runs', `${RUNS} Lighthouse runs with the widget, ${RUNS} without, alternating (medians, min–max)`],
      ['scripting per page view', range(of(withW, 'scripting')) + ' (bootup-time of the relay’s scripts, CPU 4× slower)'],
      ['parse and compile', range(of(withW, 'parse'))],
      ['Total Blocking Time', `${range(of(withW, 'tbt'))} with, ${range(of(without, 'tbt'))} without`],
      ['First Contentful Paint', `${ms(median(of(withW, 'fcp')))} with, ${ms(median(of(without, 'fcp')))} without`],
      ['Largest Contentful Paint', `${ms(median(of(withW, 'lcp')))} with, ${ms(median(of(without, 'lcp')))} without`],
      ['bytes on the wire', kb(median(of(withW, 'bytes'))) + ' from the relay per page view'],
      [
        'first open (CPU 4× slower)',
        `${range(opens.map((o) => o.wall))} click to composer, ${ms(median(opens.map((o) => o.task)))} of tasks, ${ms(median(opens.map((o) => o.script)))} of script`
      ]
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    console.log('widget load (Lighthouse 12.2.3, mobile defaults, Chromium ' + browser.version() + ')')
    for (const [k, v] of rows) console.log('  ' + k.padEnd(width) + '  ' + v)
  } finally {
    await browser.close()
    await chrome.kill()
    await relay.close()
    await shop.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
