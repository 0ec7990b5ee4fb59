// Reports and the Now view in real Chromium, light and dark: a month of chats with known shapes,
// every chart photographed (test-results/reports-*.png, looked at by a person), axe over each
// view, the CSV download and the table alternative checked, and uPlot loaded only with the view.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryBus } from '../../relay/bus/memory-bus.js'
import { createHub } from '../../relay/hub/hub.js'
import { createOnlineLog } from '../../relay/reports/online-log.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser } from './browser.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const text = (t: string) => [{ type: 'text' as const, text: t }]
const MIN = 60_000
const DAY = 86_400_000

/** axe-core over the page; one line per failing node. */
const axe = async (page: Page): Promise<string[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  const violations = await page.evaluate(async () => {
    type V = { id: string; nodes: { target: unknown; failureSummary?: string }[] }
    const run = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: V[] }> } }).axe.run
    return (await run(document, { resultTypes: ['violations'] })).violations.map((v) =>
      v.nodes.map((n) => `${v.id} ${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`)
    )
  })
  return violations.flat()
}

/** A month of chats through a hub with a hand-moved clock: busier on weekdays around 10:00 and 15:00. */
const seedMonth = async (relay: TestRelay) => {
  let clock = 0
  const store = relay.app.parley.store
  const hub = createHub({ store, bus: createMemoryBus(), config: relay.config, now: () => clock })
  await hub.init()
  const agents = (await store.listAgents()).filter((a) => a.role === 'agent')
  for (const a of agents) {
    hub.agentConnected(a.id)
    await hub.setStatus(a.id, true)
  }
  const log = createOnlineLog(join(relay.dataDir, 'parley.db'), () => clock)
  let seed = 7
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647
  const today = Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate())
  let n = 0
  for (let d = 29; d >= 1; d--) {
    const day = today - d * DAY
    const weekday = (new Date(day).getUTCDay() + 6) % 7
    const count = weekday < 5 ? 4 + Math.floor(rand() * 4) : 1 + Math.floor(rand() * 2)
    clock = day + 8 * 60 * MIN
    log.update(agents.map((a) => a.id))
    for (let i = 0; i < count; i++) {
      const start = day + (rand() < 0.5 ? 10 : 15) * 60 * MIN + Math.floor(rand() * 90) * MIN
      clock = start
      const chat = (await hub.startChat({ id: 'm' + n++, parts: text('Question ' + n), visitor: {} })).chat.id
      const who = agents[i % agents.length]!.id
      clock += Math.floor(20_000 + rand() * 200_000)
      if (rand() < 0.15) {
        await hub.customerEnd(chat)
        continue
      }
      await hub.accept(who, chat)
      clock += Math.floor(10_000 + rand() * 120_000)
      await hub.agentSend(who, chat, { id: 'r' + n, parts: text('Happy to help') })
      clock += Math.floor(3 * MIN + rand() * 15 * MIN)
      await hub.agentEnd(who, chat)
    }
    clock = day + 18 * 60 * MIN
    log.update([])
  }
  log.close()
  hub.close()
}

for (const scheme of ['light', 'dark'] as const) {
  describe.skipIf(!hasChromium())(`reports in the browser (${scheme})`, () => {
    let relay: TestRelay
    let browser: Browser
    let page: Page
    const requested: string[] = []

    beforeAll(async () => {
      relay = await startTestRelay({ maxLoginsPerMinutePerIp: 100, ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {}) })
      const admin = await relay.agent('Ann Admin', { role: 'admin' })
      await relay.agent('Ben Agent')
      await relay.agent('Cleo Agent')
      await seedMonth(relay)
      // Now: Ben online with one chat, two customers waiting.
      const ben = await relay.agentSocket(await relay.login('benagent@example.com', 'correct horse battery'))
      ben.client.send({ type: 'status', on: true })
      await ben.client.next('me', (f) => f.me.on)
      const first = await relay.customerSocket()
      first.client.send({ type: 'start', id: 'n1', parts: text('Is my order on its way?') })
      const started = await first.client.next('started')
      ben.client.send({ type: 'accept', chatId: started.chat.id })
      await first.client.next('chat', (f) => f.chat.status === 'active')
      for (const id of ['n2', 'n3']) {
        const c = await relay.customerSocket()
        c.client.send({ type: 'start', id, parts: text('Hello?') })
        await c.client.next('started')
      }

      browser = await launchBrowser()
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, acceptDownloads: true, bypassCSP: true })
      page = await context.newPage()
      page.setDefaultTimeout(15_000)
      page.on('request', (r) => requested.push(r.url()))
      await page.goto(relay.url + '/console/')
      await page.getByLabel('Email').fill(admin.email)
      await page.getByLabel('Password').fill(admin.password)
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
      await relay?.close()
    })

    it('loads uPlot only when the reports view opens', async () => {
      expect(requested.filter((u) => u.includes('/chunks/ReportsView-'))).toEqual([])
      await page.getByRole('link', { name: 'Reports', exact: true }).click()
      await page.getByTestId('now-figures').waitFor()
      expect(requested.filter((u) => u.includes('/chunks/ReportsView-'))).toHaveLength(1)
      expect(requested.filter((u) => u.endsWith('/console/reports.css'))).toHaveLength(1)
    })

    it('shows the queue, agents online and chats in progress now', async () => {
      await page.goto(relay.url + '/console/#/reports/now')
      await expect.poll(() => page.getByTestId('now-waiting').textContent()).toBe('2')
      expect(await page.getByTestId('now-agents').textContent()).toBe('1')
      expect(await page.getByTestId('now-active').textContent()).toBe('1')
      expect(await page.getByTestId('now-longest').textContent()).toMatch(/^\d+ s$|min/)
      expect(await page.getByTestId('now-load').textContent()).toContain('Ben Agent')
      expect(await page.getByTestId('now-progress').textContent()).toContain('Ben Agent')
      await page.getByTestId('now-today').waitFor()
      await page.screenshot({ path: `test-results/reports-${scheme}-now.png`, fullPage: true })
      expect(await axe(page)).toEqual([])
    })

    it('updates the queue live as customers arrive', async () => {
      const c = await relay.customerSocket()
      c.client.send({ type: 'start', id: 'n4', parts: text('One more question') })
      await c.client.next('started')
      await expect.poll(() => page.getByTestId('now-waiting').textContent()).toBe('3')
    })

    it('draws every chart of 30 days, with tables and summaries', async () => {
      await page.goto(relay.url + '/console/#/reports/period')
      await page.getByLabel('30 days', { exact: true }).check()
      await expect.poll(() => page.getByTestId('report-scope').textContent()).toMatch(/ – /)
      await page.locator('[data-testid=chart-volume] canvas').waitFor()
      await page.locator('[data-testid=chart-agents] canvas').waitFor()
      // The period's report may still be on its way after the switch: wait for its 30 rows.
      await expect.poll(() => page.locator('[data-testid=chart-volume] .r-table tbody tr').count()).toBe(30)
      for (const id of ['report-totals', 'chart-volume', 'chart-wait', 'chart-heatmap', 'chart-agents'])
        await page.getByTestId(id).screenshot({ path: `test-results/reports-${scheme}-${id}.png` })
      await page.screenshot({ path: `test-results/reports-${scheme}-period.png`, fullPage: true })
      const summary = await page.locator('[data-testid=chart-volume] [role=img]').getAttribute('aria-label')
      expect(summary).toMatch(/^\d+ chats started from .* answered and \d+ missed; the busiest day was \d{4}-\d\d-\d\d with \d+\.$/)
      expect(await page.getByTestId('chart-agents').textContent()).toContain('Ben Agent')
      await page.getByText('Table of chats per day').click()
      expect(await axe(page)).toEqual([])
    })

    it('downloads a chart as CSV', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV of Chats per day' }).click()])
      expect(download.suggestedFilename()).toMatch(/^parley-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d-chats-per-day\.csv$/)
      const csv = readFileSync((await download.path())!, 'utf8')
        .trim()
        .split('\r\n')
      expect(csv[0]).toBe('Day,Started,Answered,Missed,Ended')
      expect(csv).toHaveLength(31)
      const total = csv.slice(1).reduce((n, r) => n + Number(r.split(',')[1]), 0)
      expect(String(total)).toBe((await page.getByTestId('report-totals').locator('dd').first().textContent())?.trim())
    })

    it('refuses a custom period that ends before it starts', async () => {
      await page.getByLabel('Custom', { exact: true }).check()
      await page.getByLabel('From', { exact: true }).fill('2026-03-10')
      await page.getByLabel('To', { exact: true }).fill('2026-03-01')
      await page.getByRole('button', { name: 'Show' }).click()
      await page.getByRole('alert').filter({ hasText: 'The first day must not be after the last.' }).waitFor()
    })
  })
}
