// Real Chromium for browser tests (playwright-core driving Debian's /usr/bin/chromium).
// Without Chromium the tests skip on a developer's machine, but never under CI=true.
import { existsSync, mkdirSync } from 'node:fs'
import { chromium, type Browser, type Page } from 'playwright-core'

/** Where Debian installs Chromium; PARLEY_CHROMIUM overrides. */
export const CHROMIUM = process.env.PARLEY_CHROMIUM ?? '/usr/bin/chromium'

/** True when the browser tests can run here. Under CI=true a missing Chromium is an error. */
export const hasChromium = (): boolean => {
  if (existsSync(CHROMIUM)) return true
  if (process.env.CI === 'true') throw new Error(`CI=true but no Chromium at ${CHROMIUM}: .ci/run installs it`)
  return false
}

/** Launches headless Chromium with flags that keep it off the (closed) network. */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
      '--disable-quic'
    ]
  })

/** Saves a screenshot under test-results/ (ignored by git) and returns its path. */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  mkdirSync('test-results', { recursive: true })
  const path = `test-results/${name}.png`
  await page.screenshot({ path })
  return path
}
