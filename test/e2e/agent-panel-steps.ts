// Steps the agent-panel browser tests share: an agent's console logged in, a customer on the demo
// shop (the real widget in its open shadow root), the seed's Settings dialog, and desktop
// notifications of a console in a background tab.
import type { Browser, Page } from 'playwright-core'
import type { TestRelay } from '../helpers/relay.js'
import { logIn } from './console-kit.js'

/** The widget's parts on the demo shop (Playwright's CSS pierces the open shadow root). */
export const widget = {
  launcher: (page: Page) => page.locator('button.fab'),
  panel: (page: Page) => page.locator('.panel'),
  composer: (page: Page) => page.getByLabel('Message', { exact: true })
}

/** A fresh browser context (no shared cookies or storage) with one page. */
export const newPage = async (browser: Browser, viewport = { width: 1280, height: 800 }): Promise<Page> => {
  const page = await (await browser.newContext({ viewport })).newPage()
  page.setDefaultTimeout(10_000)
  return page
}

/** An agent's console, logged in with `who`'s credentials and connected. */
export const agentPanel = async (
  browser: Browser,
  relay: TestRelay,
  who: { email: string; password: string },
  viewport?: { width: number; height: number }
): Promise<Page> => {
  const page = await newPage(browser, viewport)
  await logIn(page, relay, who)
  return page
}

/** A customer on the demo shop who told the site their name (and email). */
export const openShop = async (browser: Browser, relay: TestRelay, who: { name: string; email?: string }): Promise<Page> => {
  const page = await newPage(browser)
  await page.goto(relay.url + '/')
  await page.waitForFunction(() => typeof (window as { Parley?: { identify?: unknown } }).Parley?.identify === 'function')
  await page.evaluate((w) => (window as unknown as { Parley: { identify(x: object): void } }).Parley.identify(w), who)
  return page
}

/** The customer opens the widget and writes their first message. */
export const startChat = async (page: Page, text: string): Promise<void> => {
  await widget.launcher(page).click()
  await widget.composer(page).fill(text)
  await widget.composer(page).press('Enter')
  await widget.panel(page).getByText(text).waitFor()
}

/** Opens Settings, changes what is given, saves, and waits for the dialog to close. */
export const fillSettings = async (
  page: Page,
  change: { greetings?: string; maxChats?: string; displayName?: string; notifications?: boolean }
): Promise<void> => {
  await page.getByRole('button', { name: 'Settings' }).click()
  const dialog = page.getByTestId('settings')
  if (change.displayName !== undefined) await dialog.getByLabel('Name shown to customers').fill(change.displayName)
  if (change.maxChats !== undefined) await dialog.getByLabel('Maximum simultaneous chats').fill(change.maxChats)
  if (change.greetings !== undefined) await dialog.getByLabel('Auto-greetings').fill(change.greetings)
  if (change.notifications !== undefined) await dialog.getByLabel('Show desktop notifications').setChecked(change.notifications)
  await dialog.getByRole('button', { name: 'Save' }).click()
  await dialog.waitFor({ state: 'detached' })
}

/** A desktop notification the console showed, as the page's stand-in recorded it. */
export interface Shown {
  title: string
  body?: string
}

type Recorder = { title: string; body?: string; click(): void }[]

/**
 * Replaces the page's Notification with a stand-in that records what the console shows (permission
 * granted) and can be clicked: headless Chromium shows no desktop notifications to click.
 */
export const recordNotifications = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const shown: Recorder = []
    class Recorded {
      static permission = 'granted'
      static requestPermission = async () => 'granted'
      onclick: (() => void) | null = null
      constructor(title: string, options: { body?: string } = {}) {
        shown.push({ title, body: options.body, click: () => this.onclick?.() })
      }
      close() {}
    }
    Object.assign(window, { Notification: Recorded, parleyNotifications: shown })
  })

/** What the console notified so far. */
export const notificationsOf = (page: Page): Promise<Shown[]> =>
  page.evaluate(() => (window as unknown as { parleyNotifications: Recorder }).parleyNotifications.map(({ title, body }) => ({ title, body })))

/**
 * Hides the page as switching to another tab does (document.hidden and a visibilitychange event):
 * headless Chromium keeps every page visible.
 */
export const setHidden = (page: Page, hidden: boolean): Promise<void> =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h })
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') })
    document.dispatchEvent(new Event('visibilitychange'))
  }, hidden)

/** The agent clicks the newest notification titled `title`: the tab shows again and the console's click handler runs. */
export const clickNotification = async (page: Page, title: string): Promise<void> => {
  await setHidden(page, false)
  await page.evaluate((t) => {
    const all = (window as unknown as { parleyNotifications: Recorder }).parleyNotifications.filter((n) => n.title === t)
    const last = all[all.length - 1]
    if (!last) throw new Error('no notification titled ' + t)
    last.click()
  }, title)
}
