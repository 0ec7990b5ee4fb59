// Widget load: what the widget costs the page that embeds it. Loads the demo shop in Chromium from
// a real relay (an agent online, so the launcher shows), with the script tag and without it, and
// prints the difference in main-thread time (Chrome's own metrics over CDP), the bytes on the wire,
// when the launcher is there, layout shift, and what opening the chat window costs.
//
//   npm run bench:widget                    10 loads with and 10 without, alternating
//   WIDGET_RUNS=30 npm run bench:widget
//
// Figures, not a test: nothing fails on a slow run. Bounded: at most 100 runs; loopback only.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { PROTOCOL_VERSION } from '../protocol/index.js'
import { addAgent } from '../relay/agents.js'
import { buildRelay, makeConfig } from '../relay/index.js'
import { hasChromium, launchBrowser } from '../test/e2e/browser.js'
import { connectClient } from '../test/helpers/ws-client.js'

const RUNS = Math.min(100, Math.max(1, Math.round(Number(process.env.WIDGET_RUNS ?? 10)) || 10))

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN
}
const ms = (x: number) => x.toFixed(1) + ' ms'
const kb = (n: number) => (n / 1024).toFixed(2) + ' KB'

/** Chrome's cumulative main-thread metrics of a page, in ms. */
const metrics = async (page: Page) => {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Performance.enable')
  return async () => {
    const { metrics: m } = await cdp.send('Performance.getMetrics')
    const get = (name: string) => (m.find((x) => x.name === name)?.value ?? 0) * 1000
    return { script: get('ScriptDuration'), task: get('TaskDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') }
  }
}

type Load = { script: number; task: number; layout: number; style: number; launcherMs?: number; cls: number; bytes?: number; openTask?: number; openScript?: number }

/** One cold load of the shop in a fresh context; with the widget, also waits for the launcher and opens the window. */
const load = async (browser: Browser, url: string, widget: boolean): Promise<Load> => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
  const page = await context.newPage()
  if (!widget) await page.route(url + '/parley.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }))
  await page.addInitScript(() => {
    ;(window as unknown as { cls: number }).cls = 0
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!e.hadRecentInput) (window as unknown as { cls: number }).cls += e.value
    }).observe({ type: 'layout-shift', buffered: true })
  })
  const read = await metrics(page)
  await page.goto(url + '/', { waitUntil: 'load' })
  let launcherMs: number | undefined
  if (widget) {
    await page.locator('button.fab').waitFor()
    launcherMs = await page.evaluate(() => performance.now())
  }
  // Let the page settle (socket welcome, fonts) before reading the totals.
  await page.waitForTimeout(300)
  const after = await read()
  const cls = await page.evaluate(() => (window as unknown as { cls: number }).cls)
  const result: Load = { ...after, launcherMs, cls }
  if (widget) {
    result.bytes = await page.evaluate(() => {
      const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/parley.js')) as PerformanceResourceTiming | undefined
      return e?.encodedBodySize ?? 0
    })
    const before = await read()
    await page.locator('button.fab').click()
    await page.locator('.panel textarea').waitFor()
    await page.waitForTimeout(100)
    const opened = await read()
    result.openTask = opened.task - before.task
    result.openScript = opened.script - before.script
  }
  await context.close()
  return result
}

const main = async () => {
  if (!hasChromium()) throw new Error('bench:widget needs Chromium (PARLEY_CHROMIUM or /usr/bin/chromium)')
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-widget-'))
  const config = makeConfig({ port: 1, logLevel: 'silent', dataDir })
  const relay = await buildRelay(config)
  await relay.listen({ host: '127.0.0.1', port: 0 })
  const url = `http://127.0.0.1:${(relay.server.address() as { port: number }).port}`
  const browser = await launchBrowser()
  try {
    // An agent online, so the widget shows its launcher.
    await addAgent(relay.parley.store, config, { name: 'Bench Agent', email: 'bench@example.com', password: 'bench password 123', role: 'agent' })
    const res = await fetch(url + '/api/login', { method: 'POST', headers: { 'content-type': 'application/json', origin: url }, body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123' }) })
    const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const agent = await connectClient(url.replace('http', 'ws') + '/ws/agent', { cookie, origin: url })
    agent.send({ type: 'hello', v: PROTOCOL_VERSION })
    await agent.next('welcome')
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on === true)

    // One warm-up of each, then alternate so both sides see the same machine.
    await load(browser, url, true)
    await load(browser, url, false)
    const withW: Load[] = []
    const without: Load[] = []
    for (let i = 0; i < RUNS; i++) {
      withW.push(await load(browser, url, true))
      without.push(await load(browser, url, false))
    }
    agent.close()

    const file = readFileSync(config.distDir + '/parley.js')
    const gzip = gzipSync(file, { level: 9 }).length
    const brotli = brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
    const delta = (k: 'script' | 'task' | 'layout' | 'style') => median(withW.map((w) => w[k])) - median(without.map((w) => w[k]))
    const rows: [string, string][] = [
      ['runs', `${RUNS} with the widget, ${RUNS} without (medians)`],
      ['parley.js', `${kb(file.length)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli (served here uncompressed: ${kb(median(withW.map((w) => w.bytes ?? 0)))})`],
      ['main thread, all tasks', `+${ms(delta('task'))} (page alone ${ms(median(without.map((w) => w.task)))})`],
      ['  of which script', `+${ms(delta('script'))}`],
      ['  of which style and layout', `+${ms(delta('style') + delta('layout'))}`],
      ['launcher visible at', ms(median(withW.map((w) => w.launcherMs ?? NaN))) + ' after navigation start (relay on loopback)'],
      ['layout shift (CLS)', `${median(withW.map((w) => w.cls)).toFixed(4)} with, ${median(without.map((w) => w.cls)).toFixed(4)} without`],
      ['opening the window', `${ms(median(withW.map((w) => w.openTask ?? NaN)))} of tasks, ${ms(median(withW.map((w) => w.openScript ?? NaN)))} of script`]
    ]
    const width = Math.max(...rows.map(([k]) => k.length))
    console.log('widget load (Chromium ' + browser.version() + ')')
    for (const [k, v] of rows) console.log('  ' + k.padEnd(width) + '  ' + v)
  } finally {
    await browser.close()
    await relay.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
