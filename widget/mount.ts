// The widget's place on the host page: one host element at the end of <body> with a shadow root
// holding the stylesheet and the element Preact renders into.
import { css } from './styles.js'

/** The host element, the element to render into, and how to take both away. */
export interface Mount {
  host: HTMLElement
  root: HTMLElement
  remove(): void
}

/** Appends the host element to `parent` (default <body>) with `color` as the accent colour. */
export const mount = (color?: string, parent: HTMLElement = document.body): Mount => {
  const host = document.createElement('parley-chat')
  const shadow = host.attachShadow({ mode: 'open' })
  // CSSOM, not a style attribute: allowed under a strict CSP, and the value cannot escape the property.
  if (color) host.style.setProperty('--parley-color', color)
  try {
    // A constructed stylesheet needs no 'unsafe-inline' under a strict CSP.
    const sheet = new CSSStyleSheet()
    sheet.replaceSync(css)
    shadow.adoptedStyleSheets = [sheet]
  } catch {
    // Safari < 16.4: a <style> element (needs the CSP to allow it).
    const style = document.createElement('style')
    style.textContent = css
    shadow.append(style)
  }
  const root = document.createElement('div')
  shadow.append(root)
  parent.append(host)
  return { host, root, remove: () => host.remove() }
}
