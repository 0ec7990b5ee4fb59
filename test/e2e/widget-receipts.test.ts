// Read receipts from the visitor's side, in real Chromium against a real relay: the widget tells
// the relay the visitor has read the agent's messages only when they can see them (window open,
// page visible), once per message across reloads and tabs; "Seen" shows under the visitor's last
// message once the agent has read it, exactly once, and stays after a reload.
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { parleyReady, socketAgent, type SocketAgent } from './widget-kit.js'

describe.skipIf(!hasChromium())('read receipts in the widget', () => {
  let relay: TestRelay
  let browser: Browser
  let context: BrowserContext
  let agent: SocketAgent
  let page: Page
  let chatId: string

  const tab = async () => {
    const p = await context.newPage()
    p.setDefaultTimeout(15_000)
    await p.goto(relay.url + '/')
    await parleyReady(p)
    return p
  }
  // Every `read` the agent's socket has heard for the chat so far.
  const reads: number[] = []

  beforeAll(async () => {
    relay = await startTestRelay()
    agent = await socketAgent(relay)
    agent.client.ws.on('message', (data: Buffer) => {
      const f = JSON.parse(data.toString())
      if (f.type === 'read' && f.chatId === chatId) reads.push(f.seq)
    })
    browser = await launchBrowser()
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    page = await tab()
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  const seen = (p: Page) => p.locator('.panel li.msg.customer .at').evaluateAll((els) => els.map((e) => (e.textContent ?? '').includes('Seen')))

  it('tells the agent the visitor read their message only once the window is open', async () => {
    await page.locator('button.fab').click()
    await page.getByLabel('Message', { exact: true }).fill('Do you roast decaf?')
    await page.getByLabel('Message', { exact: true }).press('Enter')
    chatId = await agent.answer()
    await page.locator('button.fab').click()
    await page.locator('.panel').waitFor({ state: 'detached' })
    agent.say(chatId, 'We do: the Polar Night decaf.')
    await page.locator('button.fab .n').waitFor()
    const [last] = (await agent.transcript(chatId)).slice(-1)
    // Closed window: nothing read yet.
    expect(reads.filter((s) => s >= last!.seq)).toEqual([])
    await page.locator('button.fab').click()
    await expect.poll(() => reads.includes(last!.seq), { timeout: 15_000 }).toBe(true)
  })

  it('shows Seen under the visitor’s last message once the agent has read it, exactly once', async () => {
    await page.getByLabel('Message', { exact: true }).fill('Lovely, one bag please.')
    await page.getByLabel('Message', { exact: true }).press('Enter')
    await expect.poll(async () => (await agent.transcript(chatId)).some((m) => m.text === 'Lovely, one bag please.')).toBe(true)
    const mine = (await agent.transcript(chatId)).filter((m) => m.from === 'customer')
    expect(await seen(page)).toEqual([false, false])
    // The agent has read only the first message: no Seen under the last one yet.
    agent.client.send({ type: 'read', chatId, seq: mine[0]!.seq })
    agent.client.send({ type: 'read', chatId, seq: mine[1]!.seq })
    await expect.poll(() => seen(page)).toEqual([false, true])
    expect(await page.locator('.panel').getByText('Seen').count()).toBe(1)
    await screenshot(page, 'widget-receipts-seen')
  })

  it('keeps Seen across a reload and another tab, and the relay hears each read once', async () => {
    const before = reads.length
    await page.reload()
    await parleyReady(page)
    await page.locator('button.fab').click()
    await expect.poll(() => seen(page)).toEqual([false, true])
    const second = await tab()
    await second.locator('button.fab').click()
    await expect.poll(() => seen(second)).toEqual([false, true])
    // Nothing new from the agent: nothing more was read.
    expect(reads.length).toBe(before)
    agent.say(chatId, 'Packed and on its way.')
    await second.locator('.panel').getByText('Packed and on its way.').waitFor()
    const [last] = (await agent.transcript(chatId)).slice(-1)
    await expect.poll(() => reads.filter((s) => s === last!.seq).length, { timeout: 15_000 }).toBe(1)
    // Seen moved off: the visitor's last message is still the one the agent read.
    expect(await second.locator('.panel').getByText('Seen').count()).toBe(1)
  })
})
