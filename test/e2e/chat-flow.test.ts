// Steps 1–10 of the first issue, as a customer on the demo shop and an agent in the console would
// go through them, in a real Chromium against a real relay (real sockets, real SQLite file).
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'

declare global {
  interface Window {
    availabilityEvents: unknown[]
  }
}

const launcher = (page: Page) => page.locator('button.fab')

describe.skipIf(!hasChromium())('a chat in the browser, end to end', () => {
  let relay: TestRelay
  let browser: Browser
  let customer: Page
  let agent: Page
  let credentials: { email: string; password: string }

  beforeAll(async () => {
    relay = await startTestRelay({ agentGraceMs: 300 })
    credentials = await relay.agent('Alice Example')
    browser = await launchBrowser()
    customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    customer.setDefaultTimeout(10_000)
    agent.setDefaultTimeout(10_000)
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it('shows no usable launcher while no agent is online', async () => {
    await customer.goto(relay.url + '/')
    await customer.waitForFunction(() => typeof window.Parley?.isAvailable === 'function')
    await customer.evaluate(() => {
      window.availabilityEvents = []
      window.Parley!.on('availability', (v) => window.availabilityEvents.push(v))
    })
    await customer.waitForTimeout(300)
    expect(await launcher(customer).count()).toBe(0)
    expect(await customer.evaluate(() => window.Parley!.isAvailable())).toBe(false)
    expect(await customer.evaluate(() => window.Parley!.open())).toBe(false)
    await screenshot(customer, 'e2e-1-shop-no-agent')
  })

  it('lets the agent log in and see the panel with empty sections', async () => {
    await agent.goto(relay.url + '/console/')
    await agent.getByLabel('Email').fill(credentials.email)
    await agent.getByLabel('Password').fill(credentials.password)
    await agent.getByRole('button', { name: 'Log in' }).click()
    const toggle = agent.getByRole('switch')
    await toggle.waitFor()
    expect(await toggle.getAttribute('aria-checked')).toBe('false')
    for (const s of ['waiting', 'chatting', 'agents']) expect(await agent.getByTestId(`${s}-count`).textContent()).toBe('0')
    await screenshot(agent, 'e2e-2-console-off')
  })

  it('makes the launcher appear without a reload when the agent switches on', async () => {
    await agent.getByRole('switch').click()
    await launcher(customer).waitFor({ state: 'visible' })
    expect(await customer.evaluate(() => window.Parley!.isAvailable())).toBe(true)
    expect(await customer.evaluate(() => window.availabilityEvents)).toContain(true)
    // The agent's own panel follows through a delta that may land after the customer's availability.
    await expect.poll(() => agent.getByTestId('agents-count').textContent()).toBe('1')
    await screenshot(customer, 'e2e-3-shop-launcher')
  })

  it('queues the customer with their first message and lets the agent answer', async () => {
    await launcher(customer).click()
    const input = customer.getByLabel('Message', { exact: true })
    await input.fill('Hello')
    await input.press('Enter')
    await customer.getByText(/Waiting for an agent/).waitFor()
    await agent.getByTestId('waiting-item').filter({ hasText: 'Hello' }).waitFor()
    expect(await agent.getByTestId('waiting-count').textContent()).toBe('1')
    await screenshot(agent, 'e2e-4-console-waiting')
    await agent.getByTestId('waiting-item').first().click()
    await customer.getByText('Alice Example joined the chat').waitFor()
    await agent.getByTestId('chatting-count').filter({ hasText: '1' }).waitFor()
    expect(await agent.getByTestId('waiting-count').textContent()).toBe('0')
  })

  it('carries messages both ways in order with typing indicators and times', async () => {
    const agentInput = agent.getByTestId('chat-window').getByLabel('Message', { exact: true })
    await agentInput.pressSequentially('Hi! How can I')
    await customer.getByText(/is typing/).waitFor()
    await agentInput.pressSequentially(' help?')
    await agentInput.press('Enter')
    await customer.getByText('Hi! How can I help?').waitFor()

    const customerInput = customer.getByLabel('Message', { exact: true })
    await customerInput.pressSequentially('My order')
    await agent.getByTestId('typing').waitFor()
    await customerInput.press('Enter')
    await customerInput.fill('has not arrived')
    await customerInput.press('Enter')
    await agent.getByTestId('chat-window').getByText('has not arrived').waitFor()

    const agentSide = await agent.getByTestId('chat-window').getByTestId('message').allTextContents()
    const order = ['Hello', 'Hi! How can I help?', 'My order', 'has not arrived'].map((t) => agentSide.findIndex((m) => m.includes(t)))
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true)
    const customerSide = await customer.locator('.panel').innerText()
    const positions = ['Hello', 'Alice Example joined the chat', 'Hi! How can I help?', 'My order', 'has not arrived'].map((t) => customerSide.indexOf(t))
    expect(positions).toEqual([...positions].sort((a, b) => a - b))
    expect(positions.every((p) => p >= 0)).toBe(true)
    expect(customerSide).toMatch(/\b\d{1,2}:\d{2}\b/)
    expect(agentSide.join(' ')).toMatch(/\b\d{1,2}:\d{2}\b/)
    await screenshot(customer, 'e2e-5-shop-chatting')
    await screenshot(agent, 'e2e-5-console-chatting')
  })

  it('brings the same chat back with its history after a reload', async () => {
    await customer.reload()
    await customer.waitForFunction(() => typeof window.Parley?.isAvailable === 'function')
    await launcher(customer).waitFor()
    if (!(await customer.locator('.panel').count())) await launcher(customer).click()
    await customer.locator('.panel').getByText('has not arrived').waitFor()
    const text = await customer.locator('.panel').innerText()
    for (const t of ['Hello', 'Hi! How can I help?', 'My order']) expect(text).toContain(t)
    const stores = await customer.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
    expect(stores).toContain('parley')
    expect(stores).not.toContain('keyval-store')
  })

  it('hides the launcher from customers without a chat when the last agent switches off, but keeps a chat in progress', async () => {
    const other = await (await browser.newContext()).newPage()
    await other.goto(relay.url + '/')
    await launcher(other).waitFor()
    await agent.getByRole('switch').click()
    await launcher(other).waitFor({ state: 'detached' })
    expect(await other.evaluate(() => window.Parley!.isAvailable())).toBe(false)
    await customer.waitForTimeout(300)
    expect(await customer.locator('.panel').count()).toBe(1)
    expect(await launcher(customer).count()).toBe(1)
    await other.context().close()
    await agent.getByRole('switch').click()
  })

  it('ends the chat on both sides and lets the customer start a new one', async () => {
    await customer.getByRole('button', { name: 'End chat' }).click()
    await agent.getByTestId('chat-ended').waitFor()
    await customer.getByRole('button', { name: 'Start a new chat' }).waitFor()
    await agent.getByTestId('chatting-count').filter({ hasText: '0' }).waitFor()
    await screenshot(customer, 'e2e-6-shop-ended')
    await screenshot(agent, 'e2e-6-console-ended')
    await customer.getByRole('button', { name: 'Start a new chat' }).click()
    const input = customer.getByLabel('Message', { exact: true })
    await input.fill('One more question')
    await input.press('Enter')
    await agent.getByTestId('waiting-item').filter({ hasText: 'One more question' }).waitFor()
    expect(await agent.getByTestId('waiting-count').textContent()).toBe('1')
  })
})
