// The widget's place on the host page: one host element at the end of <body> with a shadow root
// holding the stylesheets and the widget's element. Page-level settings (colour, corner offset,
// z-index, the visual viewport) reach the stylesheet as custom properties of the host element,
// set through the CSSOM: allowed under a strict CSP, and a value cannot escape its property.
import type { ParleyOptions } from './api.js'
import { css as base, DEFAULT_COLOR } from './styles.js'

/** The host element (remove it, and the widget is gone) and the widget's element in its shadow root. */
export interface Mount {
  host: HTMLElement
  root: HTMLElement
  /** Adds a stylesheet (the chat's, once it starts). */
  css(text: string): void
  /** Sets the accent colour, and black or white for text on it, whichever contrasts more. */
  tint(color?: string): void
}

/** Relative luminance (WCAG 2) of a colour written `#rrggbb`, as a canvas gives an opaque colour back (0, so white text, for anything else). */
export const luminance = (hex: string): number => {
  const n = +('0x' + hex.slice(1))
  // Blue, green, red: the low byte first. size: the linear segment below 0.04 of the sRGB curve is
  // left out: it moves no colour across the threshold.
  return [0.0722, 0.7152, 0.2126].reduce((sum, w, i) => sum + w * ((((n >> (8 * i)) & 255) / 255 + 0.055) / 1.055) ** 2.4, 0)
}

/** Appends the host element to `parent` (default <body>) with the options' offset, z-index and nonce. */
export const mount = ({ parent = document.body, offset, zIndex, nonce }: ParleyOptions): Mount => {
  const host = document.createElement('parley-chat')
  const shadow = host.attachShadow({ mode: 'open' })
  // null (not undefined, which would be the string "undefined") removes a property.
  const prop = (name: string, value?: unknown) => host.style.setProperty('--parley-' + name, (value ?? null) as string)
  const [x, y = x] = String(offset ?? 20).split(/[\s,]+/)
  prop('x', x + 'px')
  prop('y', y + 'px')
  prop('z', zIndex)
  // A constructed stylesheet needs no 'unsafe-inline' under a strict CSP; Safari < 16.4 gets a
  // <style> element, allowed by the page's CSP through the script tag's nonce.
  const css = (text: string) => {
    try {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(text)
      shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, sheet]
    } catch {
      const style = document.createElement('style')
      style.nonce = nonce!
      style.textContent = text
      shadow.append(style)
    }
  }
  css(base)
  const root = document.createElement('div')
  shadow.append(root)
  parent.append(host)
  return {
    host,
    root,
    css,
    tint(color) {
      // A canvas reads any opaque CSS colour as #rrggbb (rgba() when translucent) and keeps the one it had
      // for anything else ("banana": the default, rather than a transparent launcher), all without
      // the page's styles being computed, which getComputedStyle would force.
      const c = document.createElement('canvas').getContext('2d') || ({} as CanvasRenderingContext2D)
      c.fillStyle = DEFAULT_COLOR
      c.fillStyle = color!
      prop('color', c.fillStyle)
      prop('on', luminance(c.fillStyle + '') > 0.179 ? '#000' : '#fff')
    }
  }
}
