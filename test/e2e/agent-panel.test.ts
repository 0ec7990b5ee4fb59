// The agent panel of the seed in real Chromium against a real relay: two agents (Ann, an admin,
// and Ben) and three customers on the demo shop, all at once. On/Off and the launcher, settings
// with auto-greetings and a maximum of chats, the answer race, max chats, transfer, text modules
// with `::`, a pasted image, rename + tag (with suggestions) + archive search, Turn chat into ticket
// twice and a failed delivery retried, and a console in a background tab: desktop notifications whose
// click shows the customer, and the count in the tab title.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import {
  agentPanel,
  clickNotification,
  fillSettings,
  notificationsOf,
  openShop,
  recordNotifications,
  setHidden,
  startChat,
  widget
} from './agent-panel-steps.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { pasteDrawing } from './paste-image.js'

/** Brings a chat's tab to front and returns its window. */
const chatWindow = async (page: Page, chatId: string) => {
  await page.locator('#tab-' + chatId).click()
  return page.locator(`[data-testid="chat-window"][data-chat-id="${chatId}"]`)
}

describe.skipIf(!hasChromium())('the agent panel in the browser', () => {
  let relay: TestRelay
  let browser: Browser
  let ann: Page
  let ben: Page
  let carla: Page
  let dan: Page
  let eve: Page
  /** which agent page has which customer's chat */
  const owner = new Map<Page, Page>()
  /** chat ids by customer page */
  const chatIds = new Map<Page, string>()

  beforeAll(async () => {
    relay = await startTestRelay({
      agentGraceMs: 300,
      // A help desk that never answers: the ticket's delivery fails after one attempt, visibly.
      webhookUrl: 'http://127.0.0.1:9/hook',
      webhookSecret: 'whsec_' + Buffer.alloc(32, 9).toString('base64'),
      webhookMaxAttempts: 1,
      webhookPollMs: 200,
      // PARLEY_E2E_DIST: a build of this tree elsewhere while dist/ is being rebuilt by someone else.
      ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {})
    })
    browser = await launchBrowser()
    const annLogin = await relay.agent('Ann Admin', { role: 'admin' })
    const benLogin = await relay.agent('Ben Agent')
    ann = await agentPanel(browser, relay, annLogin)
    ben = await agentPanel(browser, relay, benLogin)
    carla = await openShop(browser, relay, { name: 'Carla Customer', email: 'carla@example.net' })
    dan = await openShop(browser, relay, { name: 'Dan Customer' })
    eve = await openShop(browser, relay, { name: 'Eve Customer' })
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it('shows the launcher while an agent has chat on and hides it when the last one switches off', async () => {
    expect(await widget.launcher(carla).count()).toBe(0)
    await ann.getByRole('switch').click()
    await widget.launcher(carla).waitFor({ state: 'visible' })
    await ann.getByTestId('agents-count').filter({ hasText: '1' }).waitFor()
    await ann.getByRole('switch').click()
    await widget.launcher(carla).waitFor({ state: 'detached' })
    await ann.getByRole('switch').click()
    await ben.getByRole('switch').click()
    await widget.launcher(carla).waitFor({ state: 'visible' })
    for (const page of [ann, ben]) await page.getByTestId('agents-count').filter({ hasText: '2' }).waitFor()
  })

  it('saves auto-greetings and a maximum of chats in the settings', async () => {
    await fillSettings(ann, { greetings: 'Hi, this is Ann. How can I help?' })
    await fillSettings(ben, { greetings: 'Hello, Ben here. What can I do for you?', maxChats: '1' })
    await ann.getByTestId('agent-item').filter({ hasText: 'Ben Agent' }).filter({ hasText: '0/1' }).waitFor()
  })

  it('gives a chat both agents answer at once to exactly one of them, and tells the other', async () => {
    await startChat(carla, 'Hello, my parcel never arrived')
    for (const page of [ann, ben]) await page.getByTestId('waiting-item').filter({ hasText: 'Carla Customer' }).waitFor()
    await screenshot(ann, 'panel-1-waiting')
    // Both clicks are dispatched before either console hears who won: a real race at the relay.
    const [a, b] = await Promise.all([ann, ben].map((p) => p.getByTestId('waiting-item').filter({ hasText: 'Carla Customer' }).elementHandle()))
    await Promise.all([a!.evaluate((el: HTMLElement) => el.click()), b!.evaluate((el: HTMLElement) => el.click())])
    const winner = await Promise.race([
      ann
        .getByTestId('chat-window')
        .filter({ hasText: 'my parcel never arrived' })
        .waitFor()
        .then(() => ann),
      ben
        .getByTestId('chat-window')
        .filter({ hasText: 'my parcel never arrived' })
        .waitFor()
        .then(() => ben)
    ])
    const loser = winner === ann ? ben : ann
    await loser.getByRole('alert').filter({ hasText: 'Another agent already answered this chat' }).waitFor()
    expect(await loser.getByTestId('chat-window').count()).toBe(0)
    owner.set(carla, winner)
    chatIds.set(carla, (await winner.getByTestId('chat-window').getAttribute('data-chat-id'))!)
    for (const page of [ann, ben]) await page.getByTestId('chatting-count').filter({ hasText: '1' }).waitFor()
    await screenshot(loser, 'panel-2-race-lost')
  })

  it("sends the answering agent's auto-greeting to the customer", async () => {
    const greeting = owner.get(carla) === ann ? 'Hi, this is Ann. How can I help?' : 'Hello, Ben here. What can I do for you?'
    await widget.panel(carla).getByText(greeting).waitFor()
    await widget
      .panel(carla)
      .getByText(owner.get(carla) === ann ? /Ann Admin/ : /Ben Agent/)
      .first()
      .waitFor()
  })

  it('refuses a chat to an agent at their maximum and lets the other answer it', async () => {
    // The agent without a chat answers Dan, so both have one; Ben (maximum 1) is then full.
    await startChat(dan, 'Can I change my delivery address?')
    const free = owner.get(carla) === ann ? ben : ann
    await free.getByTestId('waiting-item').filter({ hasText: 'Dan Customer' }).click()
    await free.getByTestId('chat-window').filter({ hasText: 'change my delivery address' }).waitFor()
    owner.set(dan, free)
    chatIds.set(dan, (await free.getByTestId('chat-window').filter({ hasText: 'change my delivery address' }).getAttribute('data-chat-id'))!)
    await startChat(eve, 'Do you ship to Norway?')
    await ben.getByTestId('waiting-item').filter({ hasText: 'Eve Customer' }).click()
    await ben.getByRole('alert').filter({ hasText: 'You are at your maximum of 1 simultaneous chats' }).waitFor()
    expect(await ben.getByTestId('waiting-count').textContent()).toBe('1')
    await ann.getByTestId('agent-item').filter({ hasText: 'Ben Agent' }).filter({ hasText: '1/1' }).waitFor()
  })

  it('shows the panel with count badges and an info card on hover', async () => {
    for (const [section, n] of [
      ['waiting', '1'],
      ['chatting', '2'],
      ['agents', '2']
    ] as const)
      expect(await ann.getByTestId(section + '-count').textContent()).toBe(n)
    const entry = ann.getByTestId('waiting-item').filter({ hasText: 'Eve Customer' })
    await entry.hover()
    const card = ann.locator('#' + (await entry.getAttribute('aria-describedby')))
    await card.waitFor({ state: 'visible' })
    expect(await card.innerText()).toMatch(/Page[\s\S]*Language[\s\S]*Browser/)
    await screenshot(ann, 'panel-3-badges-info-card')
    await ann.mouse.move(800, 400)
    await card.waitFor({ state: 'hidden' })
    const agentEntry = ann.getByTestId('agent-item').filter({ hasText: 'Ben Agent' })
    await agentEntry.hover()
    await ann.locator('#' + (await agentEntry.getAttribute('aria-describedby'))).waitFor({ state: 'visible' })
    await screenshot(ann, 'panel-4-agent-card')
  })

  it("transfers Ben's chat to Ann and the customer sees Ann's name", async () => {
    const customer = owner.get(carla) === ben ? carla : dan
    const chatId = chatIds.get(customer)!
    const window = await chatWindow(ben, chatId)
    await window.getByLabel('Transfer to').selectOption({ label: 'Ann Admin (1/4)' })
    await window.getByRole('button', { name: 'Transfer', exact: true }).click()
    await widget.panel(customer).getByText('Chat transferred to Ann Admin').waitFor()
    await ann.locator('#tab-' + chatId).waitFor()
    owner.set(customer, ann)
    // Ben has room again and answers Eve.
    await ben.getByTestId('waiting-item').filter({ hasText: 'Eve Customer' }).click()
    await ben.getByTestId('chat-window').filter({ hasText: 'ship to Norway' }).waitFor()
    owner.set(eve, ben)
    await widget.panel(eve).getByText('Hello, Ben here. What can I do for you?').waitFor()
  })

  it('switches between chats with Alt+number and marks unread messages', async () => {
    const [first, second] = [chatIds.get(carla)!, chatIds.get(dan)!]
    await ann.keyboard.press('Alt+1')
    const front = await ann.getByRole('tab', { selected: true }).getAttribute('id')
    const other = front === 'tab-' + first ? dan : carla
    await widget.composer(other).fill('Are you still there?')
    await widget.composer(other).press('Enter')
    await ann
      .getByRole('tab')
      .filter({ has: ann.getByTestId('unread') })
      .waitFor()
    await ann.keyboard.press('Alt+2')
    await ann
      .getByRole('tab', { selected: true })
      .filter({ hasNot: ann.getByTestId('unread') })
      .waitFor()
    expect(await ann.getByRole('tab', { selected: true }).getAttribute('id')).not.toBe(front)
    expect([first, second].map((id) => 'tab-' + id)).toContain(front)
  })

  it('inserts a text module with :: and fills in its placeholders', async () => {
    await ann.getByRole('link', { name: 'Admin' }).click()
    await ann.getByRole('link', { name: 'Text modules' }).click()
    await ann.getByRole('button', { name: 'New text module' }).click()
    await ann.getByLabel('Name').fill('Thanks')
    await ann.getByLabel('Keywords').fill('thx bye')
    await ann.getByLabel('Content').fill('Thank you, {{customer.name}}! Kind regards, {{agent.name}}')
    await ann.getByRole('button', { name: 'Save text module' }).click()
    await ann.getByTestId('module-row').filter({ hasText: 'Thanks' }).waitFor()
    await screenshot(ann, 'admin-3-text-modules')
    await ann.getByRole('link', { name: 'Chats' }).click()
    const window = await chatWindow(ann, chatIds.get(carla)!)
    const box = window.getByLabel('Message', { exact: true })
    await box.pressSequentially('::thx')
    await window.getByRole('option', { name: /Thanks/ }).waitFor()
    await screenshot(ann, 'panel-5-text-module-picker')
    await box.press('Enter')
    expect(await box.inputValue()).toBe('Thank you, Carla Customer! Kind regards, Ann Admin')
    await box.press('Enter')
    await widget.panel(carla).getByText('Thank you, Carla Customer! Kind regards, Ann Admin').waitFor()
  })

  it('sends an image the agent pastes into the composer, shown inline on both sides', async () => {
    const window = await chatWindow(ann, chatIds.get(carla)!)
    const box = window.getByLabel('Message', { exact: true })
    await box.fill('Here is where to find the tracking number:')
    // A real PNG as a screenshot would be: drawn on a canvas, encoded by the browser.
    await pasteDrawing(box, {
      width: 360,
      height: 120,
      background: '#fff7e6',
      texts: [
        { text: 'Order #4711', x: 20, y: 45, font: 'bold 22px sans-serif', color: '#1d2330' },
        { text: 'Tracking: NO 123 456 789', x: 20, y: 85, font: '18px sans-serif', color: '#1d2330' }
      ],
      name: 'screenshot.png'
    })
    const shown = widget.panel(carla).locator('img[src*="/uploads/"]')
    await shown.waitFor()
    await expect.poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(360)
    const mine = window.locator('[data-testid="message"]:not([data-pending]) img[src^="/api/images/"]')
    await mine.waitFor()
    expect(await box.inputValue()).toBe('Here is where to find the tracking number:')
    await box.press('Enter')
    await widget.panel(carla).getByText('Here is where to find the tracking number:').waitFor()
    await window.getByRole('button', { name: /Open the image from/ }).click()
    await ann.getByTestId('image-viewer').waitFor()
    await screenshot(ann, 'panel-6-image-viewer')
    await ann.getByTestId('image-viewer').getByRole('button', { name: 'Close' }).click()
    await screenshot(carla, 'shop-image-from-agent')
  })

  it('renames and tags a chat and finds it by tag and by a word of a message', async () => {
    const chatId = chatIds.get(carla)!
    const window = await chatWindow(ann, chatId)
    await window.getByRole('button', { name: 'Edit chat details' }).click()
    await window.getByLabel('Title').fill('Lost parcel to Tromsø')
    await window.getByLabel('Tags').fill('shipping, Urgent')
    await window.getByRole('button', { name: 'Save' }).click()
    await window.getByRole('button', { name: 'Edit chat details' }).filter({ hasText: 'Lost parcel to Tromsø' }).waitFor()
    expect(await window.locator('.chat-subtitle .tag').allTextContents()).toEqual(['shipping', 'urgent'])
    const search = ann.getByLabel('Search chats')
    for (const q of ['urgent', 'arrived']) {
      await search.fill(q)
      await search.press('Enter')
      // The highlighted word is the one searched for: waiting on it also waits out the previous results.
      const hit = ann
        .getByTestId('archive-hit')
        .filter({ hasText: 'Lost parcel to Tromsø' })
        .filter({ has: ann.locator('mark', { hasText: new RegExp(q, 'i') }) })
      await hit.waitFor()
    }
    await screenshot(ann, 'panel-7-archive-search')
    await ann.getByRole('button', { name: 'Close', exact: true }).click()
  })

  it('suggests the tags in use as the agent types, taken by keyboard and by click', async () => {
    const window = await chatWindow(ann, chatIds.get(dan)!)
    await window.getByRole('button', { name: 'Edit chat details' }).click()
    const tags = window.getByLabel('Tags')
    const suggestions = window.getByRole('listbox', { name: 'Tag suggestions' })
    await tags.pressSequentially('sh')
    await suggestions.getByRole('option', { name: /^shipping/ }).waitFor()
    await tags.press('ArrowDown')
    await tags.press('Enter')
    expect(await tags.inputValue()).toBe('shipping, ')
    await tags.pressSequentially('ur')
    await suggestions.getByRole('option', { name: /^urgent/ }).waitFor()
    await screenshot(ann, 'panel-7b-tag-suggestions')
    await suggestions.getByRole('option', { name: /^urgent/ }).click()
    expect(await tags.inputValue()).toBe('shipping, urgent, ')
    await window.getByRole('button', { name: 'Save' }).click()
    await window.getByRole('button', { name: 'Edit chat details' }).filter({ hasText: 'urgent' }).waitFor()
    expect(await window.locator('.chat-subtitle .tag').allTextContents()).toEqual(['shipping', 'urgent'])
  })

  it('turns an ended chat into one ticket however often it is clicked, whose first note opens the chat', async () => {
    const chatId = chatIds.get(carla)!
    const window = await chatWindow(ann, chatId)
    await window.getByRole('button', { name: 'End chat' }).click()
    await window.getByTestId('chat-ended').waitFor()
    const make = window.getByRole('button', { name: 'Turn chat into ticket' })
    const answers: number[] = []
    ann.on('response', (r) => r.url().endsWith(`/api/chats/${chatId}/ticket`) && answers.push(r.status()))
    // Two clicks in one task, before the console re-renders: both requests reach the relay.
    await make.evaluate((el: HTMLElement) => {
      el.click()
      el.click()
    })
    await window.getByTestId('ticket').filter({ hasText: 'Ticket #1 created' }).waitFor()
    await expect.poll(() => answers.sort()).toEqual([200, 201])
    const res = await fetch(relay.url + '/api/tickets', { headers: { cookie: (await ann.context().cookies()).map((c) => c.name + '=' + c.value).join('; ') } })
    const { tickets } = (await res.json()) as { tickets: { chatId: string; number: number; note: string }[] }
    expect(tickets.filter((t) => t.chatId === chatId)).toHaveLength(1)
    expect(tickets[0]!.note.split('\n')[0]).toBe(`Chat: ${relay.url}/console/#/chat/${chatId}`)

    await window.getByTestId('ticket').getByRole('link', { name: 'Ticket #1' }).click()
    const detail = ann.getByTestId('ticket-detail')
    await detail.waitFor()
    expect(await detail.getByRole('heading', { name: 'Lost parcel to Tromsø' }).count()).toBe(1)
    await detail
      .getByTestId('ticket-detail-delivery')
      .filter({ hasText: /failed after 1 attempt/ })
      .waitFor()
    expect(await ann.getByTestId('ticket-row').count()).toBe(1)
    expect(await ann.getByTestId('ticket-row').getByTestId('ticket-delivery').innerText()).toMatch(/^Failed: .+/)
    await screenshot(ann, 'tickets-1-detail-failed-delivery')
    const retried = ann.waitForResponse((r) => r.url().endsWith('/webhook') && r.request().method() === 'POST')
    await detail.getByRole('button', { name: 'Retry delivery' }).click()
    const answer = await retried
    expect(answer.status()).toBe(200)
    expect(((await answer.json()) as { ticket: { webhook: { status: string } } }).ticket.webhook.status).toBe('pending')
    // The help desk is still down: the delivery fails again, visibly, and can be retried again.
    await detail.getByRole('button', { name: 'Retry delivery' }).waitFor()
    await detail
      .getByTestId('ticket-detail-delivery')
      .filter({ hasText: /failed after 1 attempt/ })
      .waitFor()
    await detail.getByTestId('ticket-note-link').click()
    const transcript = ann.locator(`[data-testid="chat-window"][data-chat-id="${chatId}"]`)
    await transcript.waitFor()
    expect(await transcript.innerText()).toContain('my parcel never arrived')
    expect(ann.url()).toContain('#/chat/' + chatId)
  })

  it('closes and reopens a ticket, and other agents see it live', async () => {
    await ben.getByRole('link', { name: 'Tickets' }).click()
    await ben.getByTestId('ticket-row').filter({ hasText: 'Lost parcel to Tromsø' }).waitFor()
    await ann.getByRole('link', { name: 'Tickets' }).click()
    await ann.getByRole('link', { name: 'Lost parcel to Tromsø' }).click()
    await ann.getByRole('button', { name: 'Close ticket' }).click()
    await ann.getByRole('button', { name: 'Reopen ticket' }).waitFor()
    await ben.getByText('No open tickets.').waitFor()
    await ben.getByRole('link', { name: /Closed/ }).click()
    await ben.getByTestId('ticket-row').filter({ hasText: 'Lost parcel to Tromsø' }).waitFor()
    await screenshot(ben, 'tickets-2-closed-list')
    await ann.getByRole('button', { name: 'Reopen ticket' }).click()
    await ben.getByText('No closed tickets.').waitFor()
  })

  it('notifies a console in a background tab, counts in its title, and a click shows the customer or opens the chat', async () => {
    const tia = await agentPanel(browser, relay, await relay.agent('Tia Tablet'), { width: 820, height: 1180 })
    const toggle = tia.getByRole('button', { name: /^Panel/ })
    const panel = tia.getByRole('complementary', { name: 'Chat panel' })
    await toggle.click()
    await fillSettings(tia, { notifications: true })
    await recordNotifications(tia)
    await tia.getByRole('switch').click()
    await tia.getByRole('switch', { checked: true }).waitFor()
    await toggle.click()
    await panel.waitFor({ state: 'hidden' })
    expect(await tia.title()).toBe('Parley console')

    await setHidden(tia, true)
    const fay = await openShop(browser, relay, { name: 'Fay Customer' })
    await startChat(fay, 'Do you have decaf?')
    // The relay names the customer just after the chat starts; a notification saying "Visitor" is replaced.
    await expect.poll(async () => (await notificationsOf(tia)).at(-1)).toEqual({ title: 'New chat: Fay Customer', body: 'Do you have decaf?' })
    await expect.poll(() => tia.title()).toBe('(1) Parley console')

    await clickNotification(tia, 'New chat: Fay Customer')
    const entry = tia.getByTestId('waiting-item').filter({ hasText: 'Fay Customer' })
    await entry.waitFor({ state: 'visible' })
    await expect.poll(() => entry.evaluate((el) => el === document.activeElement)).toBe(true)
    await tia.locator('#' + (await entry.getAttribute('aria-describedby'))).waitFor({ state: 'visible' })
    await screenshot(tia, 'layout-6-tablet-notification-click')
    await tia.keyboard.press('Enter')
    const window = tia.getByTestId('chat-window').filter({ hasText: 'Do you have decaf?' })
    await window.waitFor()
    await panel.waitFor({ state: 'hidden' })
    await expect.poll(() => tia.title()).toBe('Parley console')

    // In another view and then another tab, the customer writes again.
    await tia.getByRole('link', { name: 'Tickets' }).click()
    await setHidden(tia, true)
    await widget.composer(fay).fill('Caffeine-free, I mean')
    await widget.composer(fay).press('Enter')
    await expect.poll(async () => (await notificationsOf(tia)).at(-1)).toEqual({ title: 'Fay Customer', body: 'Caffeine-free, I mean' })
    await expect.poll(() => tia.title()).toBe('(1) Parley console')
    await clickNotification(tia, 'Fay Customer')
    await window.getByText('Caffeine-free, I mean').waitFor()
    expect(await tia.getByRole('tab', { selected: true }).innerText()).toBe('Fay Customer')
    await expect.poll(() => tia.title()).toBe('Parley console')
    await window.getByRole('button', { name: 'End chat' }).click()
    await window.getByTestId('chat-ended').waitFor()
  })
})
