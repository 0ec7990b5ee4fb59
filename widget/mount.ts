// The widget's place on the host page: one host element at the end of <body> with a shadow root
// holding the stylesheet and the element Preact renders into. Page-level settings (colour,
// corner offsets, z-index, the visual viewport) reach the stylesheet as custom properties of the
// host element, set through the CSSOM: allowed under a strict CSP, and a value cannot escape its property.
import { css } from './styles.js'

/** The host element, the element to render into, and how to take both away. */
export interface Mount {
  host: HTMLElement
  root: HTMLElement
  /** Sets the accent colour and the text colour that reads best on it (black or white). */
  tint(color?: string): void
  remove(): void
}

/** What mount() needs from the options. */
export interface MountOptions {
  parent?: HTMLElement
  /** px from the corner: one number, or "x y" */
  offset?: number | string
  zIndex?: number | string
  /** nonce for the <style> fallback where constructable stylesheets are missing */
  nonce?: string
}

/** Relative luminance (WCAG 2) of a colour given as `rgb(r, g, b)`; undefined for anything else. */
export const luminance = (rgb: string): number | undefined => {
  const c = rgb.match(/[\d.]+/g)
  if (!/^rgb/.test(rgb) || !c) return
  return [0.2126, 0.7152, 0.0722].reduce((sum, w, i) => {
    const v = +c[i]! / 255
    return sum + w * (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
  }, 0)
}

/** Appends the host element to `parent` (default <body>). */
export const mount = ({ parent = document.body, offset, zIndex, nonce }: MountOptions): Mount => {
  const host = document.createElement('parley-chat')
  const shadow = host.attachShadow({ mode: 'open' })
  const prop = (name: string, value?: string | number | false) =>
    value || value === 0 ? host.style.setProperty('--parley-' + name, '' + value) : host.style.removeProperty('--parley-' + name)
  const [x, y = x] = String(offset ?? '').split(/[\s,]+/)
  if (x) {
    prop('x', x + 'px')
    prop('y', y + 'px')
  }
  prop('z', zIndex)
  try {
    // A constructed stylesheet needs no 'unsafe-inline' under a strict CSP.
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    shadow.adoptedStyleSheets = [sheet]
  } catch {
    // Safari < 16.4: a <style> element, allowed by the page's CSP through the script tag's nonce.
    const style = document.createElement('style')
    if (nonce) style.nonce = nonce
    style.textContent = css
    shadow.append(style)
  }
  const root = document.createElement('div')
  shadow.append(root)
  parent.append(host)
  // On phones the on-screen keyboard shrinks the visual viewport, not the layout one: the
  // full-screen window follows the visual one so the composer stays above the keyboard.
  const vv = self.visualViewport
  const fit = () => {
    prop('vh', vv!.height + 'px')
    prop('vt', vv!.offsetTop + 'px')
  }
  vv?.addEventListener('resize', fit)
  vv?.addEventListener('scroll', fit)
  return {
    host,
    root,
    tint(color) {
      prop('color', color)
      // The browser parses any CSS colour for us; its luminance picks the text colour (AA on either).
      root.style.color = color || ''
      const l = color ? luminance(getComputedStyle(root).color) : 0
      root.style.color = ''
      prop('on', l! > 0.179 && '#000')
    },
    remove() {
      vv?.removeEventListener('resize', fit)
      vv?.removeEventListener('scroll', fit)
      host.remove()
    }
  }
}
