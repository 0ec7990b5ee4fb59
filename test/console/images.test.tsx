// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { button, field, one, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { message } from './fixtures.js'
import { inChat, sentOf } from './harness.js'

/** A paste of `files` (and optionally plain text) into `el`, as a browser reports it. */
const paste = (el: HTMLElement, files: File[], plain = '') =>
  step(() => {
    const data = new DataTransfer()
    for (const f of files) data.items.add(f)
    if (plain) data.setData('text/plain', plain)
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  })

const screenshot = () => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], 'screenshot.png', { type: 'image/png' })

describe('images in the console', () => {
  resetPageEachTest({ clearStorage: true })

  it('uploads a pasted screenshot into the chat and sends it inline, keeping the draft', async () => {
    const { root, socket, api } = await inChat({
      'POST /api/uploads': { status: 201, body: { id: 'up_1', mime: 'image/png', width: 640, height: 400, bytes: 4 } }
    })
    const box = field<HTMLTextAreaElement>(root, 'Message')
    await typeInto(box, 'See this:')
    await paste(box, [screenshot()])
    await settle()
    const upload = api.calls.find((c) => c.url === '/api/uploads')
    expect(upload?.method).toBe('POST')
    expect(upload?.headers).toEqual({ 'content-type': 'image/png', 'x-parley-chat': 'chat-1' })
    expect(upload?.body).toBeInstanceOf(Blob)
    expect(sentOf(socket.sent, 'send').map((m) => m.parts)).toEqual([[{ type: 'image', id: 'up_1', mime: 'image/png', width: 640, height: 400 }]])
    const img = one<HTMLImageElement>(root, '[data-pending="true"] img')
    expect(img.getAttribute('src')).toBe('/api/images/up_1')
    expect(box.value).toBe('See this:')
  })

  it('says why an image was refused', async () => {
    const { root, socket } = await inChat({
      'POST /api/uploads': { status: 413, body: { code: 'too_large', message: 'The image is larger than 5 MB' } }
    })
    await paste(field(root, 'Message'), [screenshot()])
    await settle()
    expect(sentOf(socket.sent, 'send')).toEqual([])
    expect(text(one(root, '.toasts'))).toContain('The image was not sent: The image is larger than 5 MB')
  })

  it('leaves a paste without images to the text box', async () => {
    const { root, api } = await inChat()
    const box = field<HTMLTextAreaElement>(root, 'Message')
    const event = new ClipboardEvent('paste', { clipboardData: new DataTransfer(), bubbles: true, cancelable: true })
    event.clipboardData!.setData('text/html', '<b>bold</b>')
    event.clipboardData!.setData('text/plain', 'bold')
    await step(() => box.dispatchEvent(event))
    expect(event.defaultPrevented).toBe(false)
    expect(api.calls.some((c) => c.url === '/api/uploads')).toBe(false)
  })

  it('opens an image of the transcript at full size', async () => {
    const { root, socket } = await inChat()
    const image = { type: 'image' as const, id: 'img_42', mime: 'image/png' as const, width: 1600, height: 900 }
    await step(() => socket.receive({ type: 'message', message: message(2, { parts: [image] }) }))
    await step(() => button(root, 'Open the image from Carl').click())
    const viewer = one(root, '[data-testid="image-viewer"]')
    expect(one(viewer, 'img').getAttribute('src')).toBe('/api/images/img_42')
    expect(text(viewer)).toContain('1600 × 900')
    await step(() => button(viewer, 'Close').click())
    expect(root.querySelector('[data-testid="image-viewer"]')).toBeNull()
  })
})
