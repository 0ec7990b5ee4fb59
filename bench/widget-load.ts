// Widget load: what the widget costs the page that embeds it, measured as the public
// third-party-web dataset measures chat widgets: Lighthouse (12.2.3, its mobile defaults: simulated
// slow 4G and a 4× slower CPU) on the demo shop, served from another origin than the relay (an
// agent online, so the launcher shows). Each round audits, in a rotating order, the shop with this
// build installed by the README's snippet (parley.js added after the load event and the first paint), with this build's
// plain script tag, with a reference build's tag (another commit, built from git into a temporary
// directory and served by a relay of its own), and without any: on a shared, busy machine only
// figures taken side by side in one run compare. Prints the widget's scripting and parse/compile
// time (Lighthouse's bootup-time for the relay's scripts, which is what third-party-web adds up per
// entity; every script counted, not only those over bootup-time's 50 ms display threshold) per
// file, Total Blocking Time, FCP and LCP (with the LCP element and the observed, unthrottled
// times) with and without, and the bytes on the wire; then what the first open costs (Chromium
// with the CPU 4× slower, click to composer).
//
//   npm run bench:widget                       5 rounds; reference: 0067d65, the single bundle before the loader
//   WIDGET_RUNS=9 npm run bench:widget
//   WIDGET_REF=main npm run bench:widget       any commit, branch or tag; WIDGET_REF=none for no reference
//
// Figures, not a test: nothing fails on a slow run. Bounded: at most 30 rounds; loopback only.
// The npm script takes /tmp/bench.lock for the measuring (BENCH_BUILD_ONLY=1 builds the reference
// first, outside the lock).
import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'
import { execFileSync, execSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg, tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser } from 'playwright-core'
import { PROTOCOL_VERSION } from '../protocol/index.js'
import { addAgent } from '../relay/agents.js'
import { buildRelay, makeConfig } from '../relay/index.js'
import { CHROMIUM, hasChromium, launchBrowser } from '../test/e2e/browser.js'
import { connectClient } from '../test/helpers/ws-client.js'

const RUNS = Math.min(30, Math.max(1, Math.round(Number(process.env.WIDGET_RUNS ?? 5)) || 5))
const REF = process.env.WIDGET_REF ?? '0067d65'
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking']
// Lighthouse's own defaults, except that bootup-time lists every script (its default hides those under 50 ms).
const LH_CONFIG = {
  extends: 'lighthouse:default',
  settings: { onlyCategories: ['performance'] },
  audits: [{ path: 'bootup-time', options: { thresholdInMs: 0 } }]
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2 : NaN
}
const ms = (x: number) => (Number.isNaN(x) ? '–' : x.toFixed(x < 100 ? 1 : 0) + ' ms')
const kb = (n: number) => (n / 1024).toFixed(2) + ' KB'
const range = (xs: number[]) => (xs.length ? `${ms(median(xs))} (${ms(Math.min(...xs))}–${ms(Math.max(...xs))})` : '–')

/** The reference build's dist/ directory: `ref` exported from git into a temporary directory and built there once (cached by commit). */
const buildReference = (ref: string): { sha: string; dist: string } => {
  const sha = execFileSync('git', ['rev-parse', '--verify', ref + '^{commit}'], { encoding: 'utf8' }).trim()
  const dir = join(tmpdir(), 'parley-widget-ref-' + sha.slice(0, 12))
  const dist = join(dir, 'dist')
  if (!existsSync(join(dist, 'parley.js'))) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    execSync(`git archive ${sha} | tar -x -C ${JSON.stringify(dir)}`)
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'))
    console.log(`building the reference ${ref} (${sha.slice(0, 9)}) in ${dir}`)
    // An old build may stop over a budget it had then; what it wrote is what it measured.
    try {
      execFileSync('node', ['build.mjs'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] })
    } catch {}
    if (!existsSync(join(dist, 'parley.js'))) throw new Error(`the reference ${ref} built no dist/parley.js`)
  }
  return { sha, dist }
}

// The README's queue stub: the shop's own script calls Parley at once, whichever install it has.
const STUB = `<script>window.Parley = window.Parley || { q: [] }; 'open close toggle on off identify setAttributes setLocale reset destroy'.split(' ').forEach(function (m) { Parley[m] = Parley[m] || function () { Parley.q.push([m, arguments]) } })</script>`

/**
 * The demo shop on its own origin, one page per install: `/snippet` as the shop ships (the install
 * snippet, parley.js added after the load event and the first contentful paint), `/tag` and `/ref` with the
 * plain `<script async src>` tag and the same data-* options (the queue stub before it), `/bare`
 * with the queue stub only; each widget from `relays[name]()`.
 */
const serveShop = async (relays: Record<string, () => string>) => {
  const page = readFileSync('demo-site/index.html', 'utf8')
  const snippet = /<script data-src="\/parley\.js"([^>]*)>[\s\S]*?<\/script>/
  if (!snippet.test(page)) throw new Error('demo-site/index.html has no install snippet (<script data-src="/parley.js" …>)')
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!.slice(1)
    if (path === 'shop.css') return void res.writeHead(200, { 'content-type': 'text/css' }).end(readFileSync('demo-site/shop.css'))
    const relay = relays[path]
    if (path !== 'bare' && !relay) return void res.writeHead(404).end()
    const html =
      path === 'snippet'
        ? page.replace('data-src="/parley.js"', `data-src="${relay!()}/parley.js"`)
        : page.replace(snippet, (_, options: string) => (relay ? `${STUB}<script src="${relay()}/parley.js" async${options}></script>` : STUB))
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => server.close(() => r())) }
}

/** A relay serving the widget of `distDir`, on `localhost` (another origin than the shop), with an agent online so the launcher shows. */
const startRelay = async (shop: string, distDir?: string) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-bench-widget-'))
  const config = makeConfig({ port: 1, logLevel: 'silent', dataDir, allowedOrigins: [shop], ...(distDir ? { distDir } : {}) })
  const relay = await buildRelay(config)
  await relay.listen({ host: '127.0.0.1', port: 0 })
  const url = `http://localhost:${(relay.server.address() as AddressInfo).port}`
  await addAgent(relay.parley.store, config, { name: 'Bench Agent', email: 'bench@example.com', password: 'bench password 123', role: 'agent' })
  const res = await fetch(url + '/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'bench@example.com', password: 'bench password 123' })
  })
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const agent = await connectClient(url.replace('http', 'ws') + '/ws/agent', { cookie, origin: url })
  agent.send({ type: 'hello', v: PROTOCOL_VERSION })
  await agent.next('welcome')
  agent.send({ type: 'status', on: true })
  await agent.next('me', (f) => f.me.on === true)
  return {
    url,
    async close() {
      agent.close()
      await relay.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

interface Run {
  scripting: number
  parse: number
  /** main-thread time of the relay's scripts, style and layout they caused included */
  total: number
  /** scripting + parse/compile by file name (hashed names shortened) */
  files: Record<string, number>
  tbt: number
  fcp: number
  lcp: number
  /** unthrottled, as the page loaded in the audit */
  observedLcp: number
  /** when parley.js was asked for and had arrived, unthrottled (NaN without it) */
  observedLoaderStart: number
  observedLoader: number
  bytes: number
}

interface Item {
  url: string
  total: number
  scripting: number
  scriptParseCompile: number
  transferSize?: number
  networkRequestTime?: number
  networkEndTime?: number
}

/** One Lighthouse run (mobile defaults) of `url`; the widget's share is what came from `relay` (all relays when undefined). */
const audit = async (port: number, url: string, relay: string | undefined): Promise<Run> => {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error' }, LH_CONFIG as never)
  const lhr = result!.lhr
  const num = (id: string) => lhr.audits[id]?.numericValue ?? NaN
  const items = (id: string) => ((lhr.audits[id]?.details as { items?: Item[] })?.items ?? []).filter((i) => relay && i.url.startsWith(relay))
  const boot = items('bootup-time')
  const net = items('network-requests')
  const files: Record<string, number> = {}
  for (const i of boot) {
    const name = new URL(i.url).pathname.slice(1).replace(/-\w{8,}\./, '-<hash>.')
    files[name] = (files[name] ?? 0) + i.scripting + i.scriptParseCompile
  }
  const observed = (lhr.audits.metrics?.details as { items?: { observedLargestContentfulPaint?: number }[] })?.items?.[0]
  return {
    scripting: boot.reduce((sum, i) => sum + i.scripting, 0),
    parse: boot.reduce((sum, i) => sum + i.scriptParseCompile, 0),
    total: boot.reduce((sum, i) => sum + i.total, 0),
    files,
    tbt: num('total-blocking-time'),
    fcp: num('first-contentful-paint'),
    lcp: num('largest-contentful-paint'),
    observedLcp: observed?.observedLargestContentfulPaint ?? NaN,
    observedLoaderStart: net.find((i) => i.url.endsWith('/parley.js'))?.networkRequestTime ?? NaN,
    observedLoader: net.find((i) => i.url.endsWith('/parley.js'))?.networkEndTime ?? NaN,
    bytes: net.reduce((sum, i) => sum + (i.transferSize ?? 0), 0)
  }
}

/**
 * The LCP element of `url` as Chromium reports it (PerformanceObserver, unthrottled, mobile
 * viewport): Lighthouse's own largest-contentful-paint-element audit fails with this Chromium
 * (its TraceElements gatherer cannot read the trace's frame_sequence).
 */
const lcpElement = async (browser: Browser, url: string): Promise<string> => {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true })
  try {
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'load' })
    await page.waitForTimeout(1000)
    return await page.evaluate(
      () =>
        new Promise<string>((resolve) =>
          new PerformanceObserver((list) => {
            const e = list.getEntries().at(-1) as PerformanceEntry & { element?: Element; size: number }
            const el = e?.element
            resolve(
              el
                ? `<${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''}> "${(el.textContent ?? '').trim().slice(0, 30)}…" at ${Math.round(e.startTime)} ms`
                : '–'
            )
          }).observe({ type: 'largest-contentful-paint', buffered: true })
        )
    )
  } finally {
    await context.close()
  }
}

/** The first open in Chromium with the CPU 4× slower: click to composer, and the main thread it took. */
const firstOpen = async (browser: Browser, url: string) => {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true })
  try {
    const page = await context.newPage()
    page.setDefaultTimeout(30_000)
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
    return { wall: t1 - t0, task: after.task - before.task, script: after.script - before.script }
  } finally {
    await context.close()
  }
}

const main = async () => {
  if (!hasChromium()) throw new Error('bench:widget needs Chromium (PARLEY_CHROMIUM or /usr/bin/chromium)')
  const reference = REF === 'none' ? undefined : buildReference(REF)
  if (process.env.BENCH_BUILD_ONLY) return
  const urls: Record<string, string> = {}
  const shop = await serveShop({ snippet: () => urls.widget!, tag: () => urls.widget!, ...(reference ? { ref: () => urls.ref! } : {}) })
  const relays = [await startRelay(shop.url)]
  urls.widget = relays[0]!.url
  if (reference) {
    relays.push(await startRelay(shop.url, reference.dist))
    urls.ref = relays[1]!.url
  }
  const chrome = await chromeLauncher.launch({ chromePath: CHROMIUM, chromeFlags: FLAGS })
  const browser = await launchBrowser()
  const load = [loadavg()[0]!]
  try {
    const names = ['snippet', 'tag', ...(reference ? ['ref'] : []), 'bare']
    const runs: Record<string, Run[]> = Object.fromEntries(names.map((n) => [n, []]))
    const one = (name: string) => audit(chrome.port, `${shop.url}/${name}`, name === 'bare' ? undefined : name === 'ref' ? urls.ref : urls.widget)
    // One warm-up of each, then rounds in a rotating order so every variant sees the same machine.
    for (const name of names) await one(name)
    for (let i = 0; i < RUNS; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length]!
        runs[name]!.push(await one(name))
      }
      process.stderr.write(`round ${i + 1}/${RUNS}\n`)
    }
    // The first open is the same code whichever way parley.js came: the snippet's and the reference's.
    const opens: Record<string, { wall: number; task: number; script: number }[]> = { snippet: [], tag: [], ref: [] }
    for (let i = 0; i < Math.min(RUNS, 5); i++)
      for (const name of names.filter((n) => n === 'snippet' || n === 'ref')) {
        // A reference whose window differs from today's is left out of this row.
        const o = await firstOpen(browser, `${shop.url}/${name}`).catch(() => undefined)
        if (o) opens[name]!.push(o)
      }
    const elements: Record<string, string> = {}
    for (const name of names) elements[name] = await lcpElement(browser, `${shop.url}/${name}`).catch(() => '–')
    load.push(loadavg()[0]!)

    const of = (name: string, k: keyof Run) => runs[name]!.map((r) => r[k] as number)
    // Per round: with the widget minus without it (the rounds are side by side in time).
    const added = (name: string, k: keyof Run) => median(runs[name]!.map((r, i) => (r[k] as number) - (runs.bare![i]![k] as number)))
    const files = (name: string) => {
      const all = [...new Set(runs[name]!.flatMap((r) => Object.keys(r.files)))]
      return all.map((f) => `${f} ${ms(median(runs[name]!.map((r) => r.files[f] ?? 0)))}`).join(', ') || '–'
    }
    const label: Record<string, string> = {
      snippet: 'this build, install snippet',
      tag: 'this build, plain tag',
      ref: `reference ${REF} (${reference?.sha.slice(0, 9)}), plain tag`,
      bare: 'no widget (queue stub only)'
    }
    const rows: [string, ...string[]][] = [
      ['scripting per page view', ...names.map((n) => (n === 'bare' ? '' : range(of(n, 'scripting'))))],
      ['parse and compile', ...names.map((n) => (n === 'bare' ? '' : range(of(n, 'parse'))))],
      ['by file (script + parse)', ...names.map((n) => (n === 'bare' ? '' : files(n)))],
      ['main thread (style, layout incl.)', ...names.map((n) => (n === 'bare' ? '' : range(of(n, 'total'))))],
      ['Total Blocking Time', ...names.map((n) => range(of(n, 'tbt')))],
      ['  added (paired by round)', ...names.map((n) => (n === 'bare' ? '' : ms(added(n, 'tbt'))))],
      ['First Contentful Paint', ...names.map((n) => range(of(n, 'fcp')))],
      ['Largest Contentful Paint', ...names.map((n) => range(of(n, 'lcp')))],
      ['  added (paired by round)', ...names.map((n) => (n === 'bare' ? '' : ms(added(n, 'lcp'))))],
      ['LCP observed (unthrottled)', ...names.map((n) => ms(median(of(n, 'observedLcp'))))],
      [
        'parley.js asked for / arrived (unthrottled)',
        ...names.map((n) => (n === 'bare' ? '' : `${ms(median(of(n, 'observedLoaderStart')))} / ${ms(median(of(n, 'observedLoader')))}`))
      ],
      ['LCP element (Chromium, unthrottled)', ...names.map((n) => elements[n]!)],
      ['bytes on the wire', ...names.map((n) => (n === 'bare' ? '' : kb(median(of(n, 'bytes')))))],
      [
        'first open (CPU 4×)',
        ...names.map((n) =>
          n === 'bare' || !opens[n]!.length
            ? ''
            : `${range(opens[n]!.map((o) => o.wall))} click to composer; ${ms(median(opens[n]!.map((o) => o.task)))} tasks, ${ms(median(opens[n]!.map((o) => o.script)))} script`
        )
      ]
    ]
    console.log(
      `widget load (Lighthouse 12.2.3, mobile defaults, Chromium ${browser.version()}, ${RUNS} rounds, medians (min–max), load average ${load.map((l) => l.toFixed(1)).join(' → ')})`
    )
    console.log('  ' + names.map((n) => `${n}: ${label[n]}`).join(', '))
    for (const [k, ...cells] of rows) {
      console.log('  ' + k)
      for (const [i, c] of cells.entries()) if (c) console.log('    ' + names[i]!.padEnd(9) + c)
    }
    if (reference)
      console.log(
        `  this build / reference: scripting ×${(median(of('snippet', 'scripting')) / median(of('ref', 'scripting'))).toFixed(2)}, main thread ×${(median(of('snippet', 'total')) / median(of('ref', 'total'))).toFixed(2)}`
      )
  } finally {
    await browser.close()
    await chrome.kill()
    for (const r of relays) await r.close()
    await shop.close()
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
