// An image pasted as a screenshot would be: drawn on a canvas in the page, encoded by the browser
// as PNG, and pasted into a field with a ClipboardEvent (what Ctrl+V does with an image copied).
import type { Locator } from 'playwright-core'

/** What to draw: a background colour (or `noise`, random pixels that do not compress) and lines of text. */
export interface Drawing {
  width: number
  height: number
  /** a CSS colour, or `noise` */
  background: string
  texts?: { text: string; x: number; y: number; font: string; color: string }[]
  /** the pasted file's name */
  name: string
}

/** Draws `d` on a canvas in the page and pastes it into `target` as a PNG file. */
export const pasteDrawing = (target: Locator, d: Drawing): Promise<void> =>
  target.evaluate(async (el, d) => {
    const canvas = new OffscreenCanvas(d.width, d.height)
    const g = canvas.getContext('2d')!
    if (d.background === 'noise') {
      const px = g.createImageData(d.width, d.height)
      for (let i = 0; i < px.data.length; i++) px.data[i] = i % 4 === 3 ? 255 : (Math.random() * 256) | 0
      g.putImageData(px, 0, 0)
    } else {
      g.fillStyle = d.background
      g.fillRect(0, 0, d.width, d.height)
    }
    for (const t of d.texts ?? []) {
      g.fillStyle = t.color
      g.font = t.font
      g.fillText(t.text, t.x, t.y)
    }
    const data = new DataTransfer()
    data.items.add(new File([await canvas.convertToBlob({ type: 'image/png' })], d.name, { type: 'image/png' }))
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }))
  }, d)
