// Images from the customer, in real Chromium against a real relay and the real agent console:
// a real PNG pasted through a synthetic ClipboardEvent (a DataTransfer holding a File), downscaled
// to 1600 px, shown as a thumbnail with progress while it uploads, then in the transcript from the
// relay and inline in the agent's console; drag and drop and the file button too; full size on
// click; clear messages for what is not an image or is too large.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { agentPanel, openShop, startChat, widget } from './agent-panel-steps.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { pasteDrawing } from './paste-image.js'

/** Natural size of an image once loaded. */
const natural = (img: ReturnType<Page['locator']>) =>
  img.evaluate((i: HTMLImageElement) => (i.complete && i.naturalWidth ? [i.naturalWidth, i.naturalHeight] : null))

describe.skipIf(!hasChromium())('images from the customer', () => {
  let relay: TestRelay
  let browser: Browser
  let agent: Page
  let customer: Page

  beforeAll(async () => {
    // Small enough that a photo of noise is refused, large enough for the screenshots.
    relay = await startTestRelay({ maxUploadBytes: 300_000 })
    browser = await launchBrowser()
    agent = await agentPanel(browser, relay, await relay.agent('Alice Example'))
    await agent.getByRole('switch').click()
    customer = await openShop(browser, relay, { name: 'Pia Paste' })
    await widget.launcher(customer).waitFor()
    await startChat(customer, 'The checkout shows an error, see my screenshot')
    await agent.getByTestId('waiting-item').first().click()
    await agent.getByTestId('chat-window').waitFor()
    await widget.panel(customer).getByText('Alice Example joined the chat').waitFor()
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  it('says so and reports it when the images file cannot be fetched after three tries; the next image tries again (the tests below)', async () => {
    let tries = 0
    await customer.route(/\/parley-images-/, (route) => {
      tries++
      return route.abort()
    })
    await customer.evaluate(() => {
      const w = window as unknown as { errors: string[]; Parley: { on(t: string, f: (e: { code: string }) => void): void } }
      w.errors = []
      w.Parley.on('error', (e) => w.errors.push(e.code))
    })
    await widget.composer(customer).evaluate((el) => {
      const data = new DataTransfer()
      data.items.add(new File([new Uint8Array(8)], 'a.png', { type: 'image/png' }))
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
    })
    await widget.panel(customer).locator('.note').getByText('Something went wrong.').waitFor()
    expect(tries).toBe(3)
    expect(await customer.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual(['internal'])
    await customer.unroute(/\/parley-images-/)
  })

  it('sends a pasted PNG screenshot downscaled to 1600 px, with a thumbnail and progress while it uploads', async () => {
    // Hold the upload until the thumbnail and its progress bar have been seen.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await customer.route('**/api/uploads', async (route) => {
      await held
      await route.continue()
    })
    await pasteDrawing(widget.composer(customer), {
      width: 2400,
      height: 1200,
      background: '#fff',
      texts: [{ text: 'Error 500: payment failed', x: 120, y: 600, font: 'bold 96px sans-serif', color: '#b00020' }],
      name: 'Screenshot.png'
    })
    const uploading = widget.panel(customer).locator('.up')
    await uploading.locator('img[src^="blob:"]').waitFor()
    expect(await uploading.getByRole('progressbar').count()).toBe(1)
    await screenshot(customer, 'widget-image-uploading')
    release()

    const sent = widget.panel(customer).locator('.msg.customer img[src*="/uploads/"]')
    await sent.waitFor()
    await expect.poll(() => natural(sent)).toEqual([1600, 800])
    await uploading.waitFor({ state: 'detached' })
    await customer.unroute('**/api/uploads')
    expect(await widget.composer(customer).inputValue()).toBe('')

    // The agent sees it inline, from the relay.
    const inline = agent.getByTestId('chat-window').locator('img[src^="/api/images/"]')
    await inline.waitFor()
    await expect.poll(() => natural(inline)).toEqual([1600, 800])
    await screenshot(customer, 'widget-image-sent')
    await screenshot(agent, 'widget-image-in-console')
  })

  it('opens the full-size image in a new tab on click', async () => {
    const [tab] = await Promise.all([customer.context().waitForEvent('page'), widget.panel(customer).locator('.msg.customer a').first().click()])
    await tab.waitForLoadState()
    expect(new URL(tab.url()).pathname).toMatch(/^\/uploads\/[\w-]{22}$/)
    await tab.close()
  })

  it('sends a photo dropped on the window, re-encoded as JPEG within 1600 px', async () => {
    await widget.panel(customer).evaluate(async (panel) => {
      const c = new OffscreenCanvas(4000, 3000)
      const g = c.getContext('2d')!
      const grad = g.createLinearGradient(0, 0, 4000, 3000)
      grad.addColorStop(0, '#264653')
      grad.addColorStop(1, '#e9c46a')
      g.fillStyle = grad
      g.fillRect(0, 0, 4000, 3000)
      const data = new DataTransfer()
      data.items.add(new File([await c.convertToBlob({ type: 'image/jpeg', quality: 0.95 })], 'IMG_0001.jpg', { type: 'image/jpeg' }))
      panel.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }))
      panel.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }))
    })
    const photo = widget.panel(customer).locator('.msg.customer img[src*="/uploads/"]').nth(1)
    await photo.waitFor()
    await expect.poll(() => natural(photo)).toEqual([1600, 1200])
  })

  it('sends an image picked with the file button', async () => {
    // A real PNG file, as a camera roll or a downloads folder holds one.
    const dataUrl = await customer.evaluate(() => {
      const c = document.createElement('canvas')
      c.width = c.height = 2
      c.getContext('2d')!.fillRect(0, 0, 1, 1)
      return c.toDataURL('image/png')
    })
    const png = Buffer.from(dataUrl.split(',')[1]!, 'base64')
    await widget.panel(customer).locator('input[type=file]').setInputFiles({ name: 'tiny.png', mimeType: 'image/png', buffer: png })
    const tiny = widget.panel(customer).locator('.msg.customer img[src*="/uploads/"]').nth(2)
    await tiny.waitFor()
    await expect.poll(() => natural(tiny)).toEqual([2, 2])
    await agent.getByTestId('chat-window').locator('img[src^="/api/images/"]').nth(2).waitFor()
  })

  it('says so, and sends nothing, when a file is not an image or too large', async () => {
    const before = await widget.panel(customer).locator('.msg.customer').count()
    await widget
      .panel(customer)
      .locator('input[type=file]')
      .setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') })
    await widget.panel(customer).locator('.note').filter({ hasText: 'Only images can be sent.' }).waitFor()
    // Noise does not compress: about 2 MB as PNG, over this relay's 300 KB limit.
    await pasteDrawing(widget.composer(customer), { width: 800, height: 800, background: 'noise', name: 'noise.png' })
    await widget.panel(customer).locator('.note').filter({ hasText: 'That is too large.' }).waitFor()
    await widget.panel(customer).locator('.up').waitFor({ state: 'detached' })
    expect(await widget.panel(customer).locator('.msg.customer').count()).toBe(before)
    await screenshot(customer, 'widget-image-too-large')
  })
})
