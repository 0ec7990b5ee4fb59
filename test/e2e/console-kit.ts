// Steps the console feature tests share: axe over the page, an agent's console in a context that
// lets axe in (the console's CSP refuses inline scripts), and the agent's session cookie for the API.
import { createRequire } from 'node:module'
import type { Browser, Page } from 'playwright-core'
import type { TestRelay } from '../helpers/relay.js'

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

type Violation = { id: string; nodes: { target: unknown; failureSummary?: string }[] }

/** axe-core over the whole page once transitions have settled: one line per failing node, none when clean. */
export const axe = async (page: Page): Promise<string[]> => {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE })
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)))
  const violations = await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Violation[] }> } }).axe.run
    const result = await run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))
  })
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} ${JSON.stringify(n.target)}: ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`))
}

/** An agent's console, logged in and online, in a context of its own where axe may run. */
export const consoleFor = async (
  browser: Browser,
  relay: TestRelay,
  who: { email: string; password: string },
  opts: { colorScheme?: 'light' | 'dark'; viewport?: { width: number; height: number } } = {}
): Promise<Page> => {
  const context = await browser.newContext({
    viewport: opts.viewport ?? { width: 1280, height: 860 },
    colorScheme: opts.colorScheme ?? 'light',
    bypassCSP: true
  })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  await logIn(page, relay, who)
  return page
}

/** Logs `who` in on the relay's console in `page` and waits until the console is online. */
export const logIn = async (page: Page, relay: TestRelay, who: { email: string; password: string }): Promise<void> => {
  await page.goto(relay.url + '/console/')
  await page.getByLabel('Email').fill(who.email)
  await page.getByLabel('Password').fill(who.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
}

/** The `cookie` header of the page's session, for asking the relay's API what it stored. */
export const cookieOf = async (page: Page): Promise<string> => (await page.context().cookies()).map((c) => c.name + '=' + c.value).join('; ')

/** A text part. */
export const text = (t: string) => [{ type: 'text', text: t }]
