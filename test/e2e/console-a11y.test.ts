// Accessibility of the agent console in Chromium: axe-core finds no violation on any view an agent
// works in — login (with an error), the panel (a signed-in customer waiting, their info card with
// its verified marks open), a chat with messages both ways and what the customer is typing, its
// details form, a pasted image and the image viewer, an ended chat turned into a ticket, the
// archive search, the ticket list and a ticket, the admin screens (agents, site with every option of
// issue 12 unfolded, text modules, with their forms open), the reports (now, and a period with charts), the Settings, Change password and
// Keyboard shortcuts dialogs, and a tablet's folding panel — in the light theme and the dark one.
// Screenshots of every view are kept under test-results/ to look at.
import { SignJWT } from 'jose'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { axe, text } from './console-kit.js'
import { pasteDrawing } from './paste-image.js'

const SECRET = 'a site secret of 32 characters!!'

for (const scheme of ['light', 'dark'] as const) {
  describe.skipIf(!hasChromium())(`accessibility of the console (${scheme})`, () => {
    let relay: TestRelay
    let browser: Browser
    let page: Page
    let customer: TestClient
    const login = { email: '', password: '' }
    /** Runs axe on what the agent sees now, keeps a screenshot to look at, and expects no violation (softly: the walk goes on, so one run lists every view's). */
    const check = async (view: string) => {
      await screenshot(page, `console-a11y-${scheme}-${view}`)
      expect.soft((await axe(page)).join('\n'), view).toBe('')
    }

    beforeAll(async () => {
      relay = await startTestRelay({
        agentGraceMs: 300,
        identitySecret: SECRET,
        ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {})
      })
      browser = await launchBrowser()
      Object.assign(login, await relay.agent('Ann Admin', { role: 'admin' }))
      await relay.agent('Ben Agent')
      // axe is injected as an inline script, which the console's CSP would refuse.
      page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: scheme, bypassCSP: true })).newPage()
      page.setDefaultTimeout(10_000)
    })
    afterAll(async () => {
      customer?.close()
      await browser?.close()
      await relay?.close()
    })

    it('passes on the login form, also with an error shown', async () => {
      await page.goto(relay.url + '/console/')
      await page.getByLabel('Email').fill(login.email)
      await page.getByLabel('Password').fill('not the password')
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.getByRole('alert').waitFor()
      await check('1-login')
      await page.getByLabel('Password').fill(login.password)
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
    })

    it('passes on the panel with chat off and nothing to show, and with a customer waiting and an info card open', async () => {
      await page.getByTestId('status-switch').waitFor()
      await check('2-panel-empty')
      await page.getByRole('switch').click()
      await page.getByRole('switch', { checked: true }).waitFor()
      customer = (await relay.customerSocket()).client
      // Signed in on the shop: her name and email carry the console's verified marks.
      const token = await new SignJWT({ sub: 'u-carla', name: 'Carla Customer', email: 'carla@shop.example' })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(SECRET))
      customer.send({ type: 'identify', token })
      customer.send({ type: 'start', id: 'c1', parts: text('Hello, my parcel never arrived') })
      await customer.next('started')
      const waiting = page.getByTestId('waiting-item').filter({ hasText: 'Carla Customer' })
      await waiting.hover()
      const card = page.locator('#' + (await waiting.getAttribute('aria-describedby')))
      await card.waitFor({ state: 'visible' })
      await card.locator('[data-verified="email"]').waitFor()
      await check('3-panel-waiting')
    })

    it('passes on an open chat with messages both ways, and with its details form open', async () => {
      await page.getByTestId('waiting-item').filter({ hasText: 'Carla Customer' }).click()
      const chat = page.getByTestId('chat-window').filter({ hasText: 'my parcel never arrived' })
      await chat.waitFor()
      await chat.getByLabel('Message', { exact: true }).fill('Sorry to hear that. Which order number?')
      await chat.getByLabel('Message', { exact: true }).press('Enter')
      await customer.next('message', (f) => f.message.from === 'agent')
      customer.send({ type: 'send', id: 'c2', parts: text('It is order 1042') })
      await chat.getByText('It is order 1042').waitFor()
      customer.send({ type: 'typing', on: true, text: 'And one more question' })
      await chat.getByTestId('typing').filter({ hasText: 'And one more question' }).waitFor()
      await page.mouse.move(700, 10)
      await check('4-chat')
      await chat.getByRole('button', { name: /Add a title/ }).click()
      await chat.getByLabel('Title').waitFor()
      await check('5-chat-details')
      await chat.getByRole('button', { name: 'Cancel' }).click()
    })

    it('passes with an image in the transcript and open in the image viewer', async () => {
      const chat = page.getByTestId('chat-window').filter({ hasText: 'my parcel never arrived' })
      // A screenshot pasted into the composer, as an agent would.
      await pasteDrawing(chat.getByLabel('Message', { exact: true }), {
        width: 320,
        height: 100,
        background: '#fff7e6',
        texts: [{ text: 'Order #1042', x: 20, y: 55, font: '20px sans-serif', color: '#1d2330' }],
        name: 'screenshot.png'
      })
      await chat.locator('[data-testid="message"]:not([data-pending]) img[src^="/api/images/"]').waitFor()
      await chat.getByRole('button', { name: /Open the image from/ }).click()
      await page.getByTestId('image-viewer').waitFor()
      await check('6-image-viewer')
      await page.getByTestId('image-viewer').getByRole('button', { name: 'Close' }).click()
      await page.getByTestId('image-viewer').waitFor({ state: 'detached' })
    })

    it('passes on an ended chat turned into a ticket', async () => {
      const chat = page.getByTestId('chat-window').filter({ hasText: 'my parcel never arrived' })
      await chat.getByRole('button', { name: 'End chat' }).click()
      await chat.getByTestId('chat-ended').waitFor()
      await chat.getByRole('button', { name: 'Turn chat into ticket' }).click()
      await chat.getByTestId('ticket').filter({ hasText: 'Ticket #1 created' }).waitFor()
      await check('7-chat-ended')
    })

    it('passes on the archive search with a hit marked', async () => {
      await page.getByRole('searchbox', { name: 'Search chats' }).fill('parcel')
      await page.getByRole('searchbox', { name: 'Search chats' }).press('Enter')
      await page.getByTestId('archive-hit').first().waitFor()
      await check('8-archive')
      await page.getByTestId('archive-results').getByRole('button', { name: 'Close' }).click()
    })

    it('passes on the ticket list, a ticket, and the empty list of closed tickets', async () => {
      await page.getByRole('link', { name: 'Tickets' }).click()
      await page.getByTestId('ticket-row').first().waitFor()
      await check('9-tickets')
      await page.getByTestId('ticket-row').first().getByRole('link').first().click()
      await page.getByTestId('ticket-detail').waitFor()
      await check('10-ticket')
      await page.getByRole('link', { name: /Closed/ }).click()
      await page.getByText('No closed tickets.').waitFor()
      await check('11-tickets-none-closed')
    })

    it('passes on the admin screens: agents (resetting a password), site, and text modules (writing a new one)', async () => {
      await page.getByRole('link', { name: 'Admin' }).click()
      const ben = page.getByTestId('agent-row').filter({ hasText: 'Ben Agent' })
      await ben.getByRole('button', { name: 'Reset password' }).click()
      await ben.getByLabel('New password for Ben Agent').waitFor()
      await check('12-admin-agents')
      await page.goto(relay.url + '/console/#/admin/site')
      const site = page.getByTestId('site-admin')
      await site.waitFor()
      // Every option of issue 12 unfolded: the offline form, business hours with a span and a
      // closed day, the pre-chat form with topics, and the warning that this relay cannot mail.
      await site.getByRole('radio', { name: 'Offer a leave-a-message form' }).check()
      await site.getByRole('checkbox', { name: 'Chat only during business hours' }).check()
      await site.getByRole('button', { name: 'Add hours on Monday' }).click()
      await site.getByRole('button', { name: 'Copy to Tue–Fri' }).click()
      await site.getByLabel('Closed days', { exact: true }).fill('2031-12-24')
      await site.getByRole('button', { name: 'Add closed day' }).click()
      await site.getByRole('list', { name: 'Closed days added' }).waitFor()
      await site.getByTestId('pre-chat').getByLabel('Topic', { exact: true }).selectOption('optional')
      await site.getByRole('button', { name: 'Add topic' }).click()
      await site.getByRole('textbox', { name: 'Topic 1', exact: true }).fill('Orders')
      await site.getByRole('checkbox', { name: 'Offer the transcript by email' }).check()
      await site.getByTestId('mail-missing').waitFor()
      await check('13-admin-site')
      await site.getByTestId('offline-mode').scrollIntoViewIfNeeded()
      await check('13-admin-site-hours')
      await page.goto(relay.url + '/console/#/admin/modules')
      await page.getByTestId('modules-admin').getByRole('button', { name: 'New text module' }).click()
      await page.getByLabel('Keywords').waitFor()
      await check('14-admin-modules')
    })

    it('passes on the reports: now, and a period with its charts', async () => {
      await page.getByRole('link', { name: 'Reports', exact: true }).click()
      await page.getByTestId('now-figures').waitFor()
      await check('15-reports-now')
      await page.goto(relay.url + '/console/#/reports/period')
      await page.getByTestId('report-scope').waitFor()
      await page.locator('[data-testid=chart-volume] canvas').waitFor()
      await check('16-reports-period')
    })

    it('passes on the Settings, Change password and Keyboard shortcuts dialogs', async () => {
      /** Checks the dialog once it is open, then closes it with Escape. */
      const checkDialog = async (dialog: Locator, view: string) => {
        await dialog.waitFor()
        await check(view)
        await page.keyboard.press('Escape')
        await dialog.waitFor({ state: 'detached' })
      }
      await page.getByRole('link', { name: 'Chats' }).click()
      await page.getByRole('button', { name: 'Settings' }).click()
      await checkDialog(page.getByTestId('settings'), '17-settings')
      await page.getByTestId('agent-name').click()
      await page.getByRole('button', { name: 'Change password' }).click()
      await checkDialog(page.getByRole('dialog'), '18-password')
      await page.getByTestId('agent-name').click()
      await page.getByRole('button', { name: 'Keyboard shortcuts' }).click()
      await checkDialog(page.getByRole('dialog'), '19-shortcuts')
    })

    it('passes on a tablet, with the panel folded away and unfolded', async () => {
      await page.setViewportSize({ width: 820, height: 1180 })
      const toggle = page.getByRole('button', { name: /^Panel/ })
      await toggle.waitFor()
      await check('20-tablet-folded')
      await toggle.click()
      await page.getByRole('complementary', { name: 'Chat panel' }).getByRole('switch').waitFor({ state: 'visible' })
      await check('21-tablet-panel')
    })
  })
}
