// The widget on a phone: the window fills the screen below 600 px, inputs are 16 px (iOS does not
// zoom into them), and the window follows the visual viewport so the composer stays above the
// on-screen keyboard.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { parleyReady, socketAgent, type SocketAgent } from './widget-kit.js'

/** Waits until the window has finished sliding in, so boxes are where they stay. */
const settled = (page: Page) => page.locator('parley-chat').evaluate((host) => Promise.all(host.shadowRoot!.getAnimations().map((a) => a.finished)))

describe.skipIf(!hasChromium())('the widget on a phone', () => {
  let relay: TestRelay
  let browser: Browser
  let agent: SocketAgent
  let phone: Page

  beforeAll(async () => {
    relay = await startTestRelay()
    browser = await launchBrowser()
    agent = await socketAgent(relay)
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true })
    phone = await context.newPage()
    phone.setDefaultTimeout(10_000)
    await phone.goto(relay.url + '/')
    await parleyReady(phone)
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it('shows a launcher that fits a thumb, in the corner', async () => {
    const fab = phone.locator('button.fab')
    await fab.waitFor()
    const box = (await fab.boundingBox())!
    expect(box.width).toBeGreaterThanOrEqual(48)
    expect(box.x + box.width).toBe(390 - 20)
    expect(box.y + box.height).toBe(844 - 20)
    await screenshot(phone, 'widget-mobile-launcher')
  })

  it('fills the screen when open, with 16 px inputs and no launcher over it', async () => {
    await phone.locator('button.fab').tap()
    const input = phone.getByLabel('Message', { exact: true })
    await input.fill('Do you deliver to Bodø?')
    await input.press('Enter')
    const chatId = await agent.answer()
    agent.say(chatId, 'Yes, in two to three days.')
    await phone.locator('.panel').getByText('two to three days').waitFor()
    await settled(phone)
    expect(await phone.locator('.panel').boundingBox()).toEqual({ x: 0, y: 0, width: 390, height: 844 })
    expect(await input.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px')
    expect(await phone.locator('button.fab').isVisible()).toBe(false)
    await screenshot(phone, 'widget-mobile-open')
  })

  it('follows the visual viewport when the keyboard takes the bottom of the screen', async () => {
    // The keyboard's arrival as the page sees it: a visual viewport 500 px tall, scrolled by 40.
    await phone.evaluate(() => {
      const vv = window.visualViewport!
      Object.defineProperty(vv, 'height', { value: 500, configurable: true })
      Object.defineProperty(vv, 'offsetTop', { value: 40, configurable: true })
      vv.dispatchEvent(new Event('resize'))
    })
    const panel = (await phone.locator('.panel').boundingBox())!
    expect([panel.y, panel.height]).toEqual([40, 500])
    const composer = (await phone.getByLabel('Message', { exact: true }).boundingBox())!
    expect(composer.y + composer.height).toBeLessThanOrEqual(540)
    await screenshot(phone, 'widget-mobile-keyboard')
  })

  it('closes from its own header, and the launcher comes back', async () => {
    await phone.getByRole('button', { name: 'Close chat' }).tap()
    await phone.locator('button.fab').waitFor()
  })
})
