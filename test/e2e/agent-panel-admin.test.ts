// The rest of the console in real Chromium: the admin screens (agents, site settings), an agent
// changing their own password, keyboard use, chats side by side on a wide screen, and the folding
// panel on tablets.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { agentPanel, newPage, openShop, startChat, widget } from './agent-panel-steps.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'

/** Whether the relay lets `email` log in with `password`. */
const canLogIn = async (relay: TestRelay, email: string, password: string): Promise<boolean> =>
  (await fetch(relay.url + '/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })).ok

describe.skipIf(!hasChromium())('admin screens, password, keyboard and layouts in the browser', () => {
  let relay: TestRelay
  let browser: Browser
  let ann: Page
  let ben: Page
  let benLogin: { email: string; password: string }

  beforeAll(async () => {
    relay = await startTestRelay({
      agentGraceMs: 300,
      maxLoginsPerMinutePerIp: 100,
      ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {})
    })
    browser = await launchBrowser()
    ann = await agentPanel(browser, relay, await relay.agent('Ann Admin', { role: 'admin' }))
    benLogin = await relay.agent('Ben Agent')
    ben = await agentPanel(browser, relay, benLogin)
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it('keeps the admin screens from agents', async () => {
    expect(await ben.getByRole('link', { name: 'Admin' }).count()).toBe(0)
    await ben.goto(relay.url + '/console/#/admin/agents')
    await ben.getByRole('alert').filter({ hasText: 'Only admins can manage agents' }).waitFor()
    const res = await fetch(relay.url + '/api/agents', { headers: { cookie: (await ben.context().cookies()).map((c) => c.name + '=' + c.value).join('; ') } })
    expect(res.status).toBe(403)
    await ben.getByRole('link', { name: 'Chats' }).click()
  })

  it('lets an admin add an agent, who can log in at once', async () => {
    await ann.getByRole('link', { name: 'Admin' }).click()
    const admin = ann.getByTestId('agents-admin')
    await admin.getByTestId('agent-row').filter({ hasText: 'Ben Agent' }).waitFor()
    await admin.getByLabel('Name').fill('Cleo Support')
    await admin.getByLabel('Email').fill('cleo@example.com')
    await admin.getByLabel('Password').fill('first password')
    await admin.getByLabel('Role', { exact: true }).selectOption('agent')
    await admin.getByRole('button', { name: 'Add agent' }).click()
    await admin.getByTestId('agent-row').filter({ hasText: 'cleo@example.com' }).waitFor()
    await admin.getByText('Cleo Support was added.').waitFor()
    expect(await canLogIn(relay, 'cleo@example.com', 'first password')).toBe(true)
  })

  it('disables an agent, which ends their session at once, and enables them again', async () => {
    const cleo = await agentPanel(browser, relay, { email: 'cleo@example.com', password: 'first password' })
    const row = ann.getByTestId('agent-row').filter({ hasText: 'cleo@example.com' })
    await row.getByRole('button', { name: 'Disable' }).click()
    await row.getByText('Disabled').waitFor()
    await cleo.getByTestId('login-form').getByText('Your session has ended').waitFor()
    expect(await canLogIn(relay, 'cleo@example.com', 'first password')).toBe(false)
    await screenshot(ann, 'admin-1-agents')
    await row.getByRole('button', { name: 'Enable' }).click()
    await row.getByText('Active').waitFor()
    expect(await canLogIn(relay, 'cleo@example.com', 'first password')).toBe(true)
    await cleo.context().close()
  })

  it('resets an agent’s password and changes a role', async () => {
    const row = ann.getByTestId('agent-row').filter({ hasText: 'cleo@example.com' })
    await row.getByRole('button', { name: 'Reset password' }).click()
    await row.getByLabel('New password for Cleo Support').fill('second password')
    await row.getByRole('button', { name: 'Save' }).click()
    await ann.getByText('The password of Cleo Support was reset').waitFor()
    expect(await canLogIn(relay, 'cleo@example.com', 'first password')).toBe(false)
    expect(await canLogIn(relay, 'cleo@example.com', 'second password')).toBe(true)
    await row.getByLabel('Role of Cleo Support').selectOption('admin')
    await ann.getByText('Cleo Support is now an admin.').waitFor()
    // The admin cannot lock themself out from here.
    const mine = ann.getByTestId('agent-row').filter({ hasText: '(you)' })
    expect(await mine.getByRole('button', { name: 'Disable' }).count()).toBe(0)
    expect(await mine.getByRole('combobox').isDisabled()).toBe(true)
  })

  it('saves the site settings and customers get the new greeting', async () => {
    await ann.getByRole('link', { name: 'Site' }).click()
    const site = ann.getByTestId('site-admin')
    await site.getByLabel('Allowed origins').fill('https://shop.example.com\nhttps://www.shop.example.com/')
    await site.getByLabel('Widget title').fill('Ask Nordlicht')
    await site.getByLabel('Greeting').fill('Hei! Ask us anything about our coffee.')
    await site.getByRole('button', { name: 'Save site settings' }).click()
    await site.getByText(/^Saved\./).waitFor()
    expect(await site.getByLabel('Allowed origins').inputValue()).toBe('https://shop.example.com\nhttps://www.shop.example.com')
    await screenshot(ann, 'admin-2-site')
    await ann.getByRole('switch').click()
    const customer = await openShop(browser, relay, { name: 'Gus Guest' })
    await widget.launcher(customer).click()
    await widget.panel(customer).getByText('Hei! Ask us anything about our coffee.').waitFor()
    await customer.context().close()
  })

  it('lets an agent change their own password and stay logged in', async () => {
    await ben.getByTestId('agent-name').click()
    await ben.getByRole('button', { name: 'Change password' }).click()
    const dialog = ben.getByTestId('password')
    await dialog.getByLabel('Current password').fill(benLogin.password)
    await dialog.getByLabel('New password', { exact: true }).fill('a much better one')
    await dialog.getByLabel('Repeat the new password').fill('a much better one')
    await dialog.getByRole('button', { name: 'Change password' }).click()
    await ben.getByTestId('toast').filter({ hasText: 'Your password was changed' }).waitFor()
    await ben.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
    expect(await ben.getByTestId('login-form').count()).toBe(0)
    expect(await canLogIn(relay, benLogin.email, benLogin.password)).toBe(false)
    expect(await canLogIn(relay, benLogin.email, 'a much better one')).toBe(true)
    await ben.reload()
    await ben.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
  })

  it('works by keyboard: an info card on focus, answering the longest waiting with Alt+Shift+A', async () => {
    await ann.getByRole('link', { name: 'Chats' }).click()
    const customer = await openShop(browser, relay, { name: 'Hana Keyboard' })
    await startChat(customer, 'Can I pay by invoice?')
    const entry = ann.getByTestId('waiting-item').filter({ hasText: 'Hana Keyboard' })
    await entry.focus()
    await ann.locator('#' + (await entry.getAttribute('aria-describedby'))).waitFor({ state: 'visible' })
    await ann.keyboard.press('Alt+Shift+A')
    await ann.getByTestId('chat-window').filter({ hasText: 'pay by invoice' }).waitFor()
    await expect.poll(() => ann.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Message')
    await ann.keyboard.type('Yes, you can.')
    await ann.keyboard.press('Enter')
    await widget.panel(customer).getByText('Yes, you can.').waitFor()
    // In the composer "?" types a question mark; anywhere else it lists the shortcuts.
    await ann.keyboard.press('?')
    expect(await ann.getByTestId('shortcuts').count()).toBe(0)
    await ann.keyboard.press('Backspace')
    await ann.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
    await ann.keyboard.press('?')
    await ann.getByTestId('shortcuts').waitFor()
    await screenshot(ann, 'panel-8-shortcuts')
    await ann.keyboard.press('Escape')
    await ann.getByTestId('shortcuts').waitFor({ state: 'detached' })
  })

  it('keeps what the agent typed across a reload', async () => {
    const box = ann.getByTestId('chat-window').getByLabel('Message', { exact: true })
    await box.fill('Invoices are due within 14 days, and')
    await ann.reload()
    await ann.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
    await expect.poll(() => ann.getByTestId('chat-window').getByLabel('Message', { exact: true }).inputValue()).toBe('Invoices are due within 14 days, and')
  })

  it('shows two chats side by side on a wide screen', async () => {
    const customer = await openShop(browser, relay, { name: 'Ivo Wide' })
    await startChat(customer, 'Do you sell gift cards?')
    await ann.getByTestId('waiting-item').filter({ hasText: 'Ivo Wide' }).click()
    await ann.setViewportSize({ width: 1600, height: 900 })
    await ann.getByRole('button', { name: 'Side by side' }).click()
    await expect.poll(() => ann.getByTestId('chat-window').count()).toBe(2)
    await screenshot(ann, 'layout-1-side-by-side')
    // Where two chats no longer fit, the tabs come back; the choice stays for wider windows.
    await ann.setViewportSize({ width: 1100, height: 800 })
    await expect.poll(() => ann.getByTestId('chat-window').count()).toBe(1)
    await ann.setViewportSize({ width: 1280, height: 800 })
    await expect.poll(() => ann.getByTestId('chat-window').count()).toBe(2)
    await screenshot(ann, 'layout-1b-side-by-side-1280')
    await ann.getByRole('button', { name: 'Side by side' }).click()
    await expect.poll(() => ann.getByTestId('chat-window').count()).toBe(1)
  })

  it('folds the panel away on a tablet behind a button that counts who is waiting', async () => {
    const tablet = await agentPanel(browser, relay, await relay.agent('Tia Tablet'), { width: 820, height: 1180 })
    const customer = await openShop(browser, relay, { name: 'Jo Tablet' })
    await startChat(customer, 'Is the shop open on Sunday?')
    expect(await tablet.getByRole('complementary', { name: 'Chat panel' }).isVisible()).toBe(false)
    const toggle = tablet.getByRole('button', { name: /^Panel/ })
    await toggle.filter({ hasText: /\d/ }).waitFor()
    await screenshot(tablet, 'layout-2-tablet-folded')
    await toggle.click()
    await tablet.getByTestId('waiting-item').filter({ hasText: 'Jo Tablet' }).waitFor({ state: 'visible' })
    await screenshot(tablet, 'layout-3-tablet-panel')
    await tablet.getByRole('switch').click()
    await tablet.getByTestId('waiting-item').filter({ hasText: 'Jo Tablet' }).click()
    await tablet.getByTestId('chat-window').filter({ hasText: 'open on Sunday' }).waitFor()
    expect(await tablet.getByRole('complementary', { name: 'Chat panel' }).isVisible()).toBe(false)
    await screenshot(tablet, 'layout-4-tablet-chat')
    await tablet.setViewportSize({ width: 1024, height: 768 })
    await screenshot(tablet, 'layout-5-tablet-landscape')
  })

  it('has a favicon', async () => {
    const page = await newPage(browser)
    await page.goto(relay.url + '/console/')
    const href = await page.locator('link[rel="icon"]').getAttribute('href')
    const res = await page.request.get(new URL(href!, page.url()).toString())
    expect(res.status()).toBe(200)
    expect(res.headers()['content-type']).toContain('image/svg+xml')
  })
})
