// The round button in the corner that opens and closes the chat window, with the unread count.
// Plain DOM: it shows on every page view, and Preact comes only with the chat.
import { ARC, CHAT, CROSS } from './icons.js'
import type { Face, RawStrings } from './shell.js'

/** The launcher's English texts (a locale file overrides them; a test keeps them equal to the chat's). */
export const LAUNCHER_EN: RawStrings = { title: 'Chat with us', unread: '{} new', unavailable: 'No agent is available right now.' }

/** The launcher button and how to redraw it. */
export interface Launcher {
  el: HTMLButtonElement
  /** Shows `f` under `title`, with texts from `t` (a locale file's over LAUNCHER_EN); `busy` while the chat is on its way. */
  draw(f: Face, title: string, t: RawStrings, busy: boolean): void
}

const svg = (doc: Document, tag: string) => doc.createElementNS('http://www.w3.org/2000/svg', tag)

/** A launcher that calls `click` when pressed and `intent` when a pointer or focus comes near (the chat is fetched then). */
export const createLauncher = (click: () => void, intent: () => void): Launcher => {
  const doc = document
  const el = doc.createElement('button')
  const icon = svg(doc, 'svg')
  const path = svg(doc, 'path')
  const badge = doc.createElement('span')
  const attr = (e: Element, k: string, v: unknown) => e.setAttribute(k, v as string)
  attr(icon, 'viewBox', '0 0 24 24')
  attr(icon, 'aria-hidden', true)
  attr(badge, 'aria-hidden', true)
  badge.className = 'n'
  icon.append(path)
  el.append(icon)
  el.type = 'button'
  el.onclick = click
  el.onpointerenter = el.onfocus = el.ontouchstart = intent
  return {
    el,
    draw({ off, unread, open }, title, t, busy) {
      // The tooltip says why it is greyed (an empty title shows none); the accessible name says it too.
      el.title = off ? (t.unavailable as string) : ''
      el.className = 'fab' + (off ? ' off' : '') + (busy ? ' busy' : '')
      attr(el, 'aria-busy', busy)
      attr(el, 'aria-label', title + (unread ? ' (' + (t.unread as string).replace('{}', unread as any) + ')' : off ? ' — ' + el.title : ''))
      attr(el, 'aria-expanded', open)
      attr(path, 'd', busy ? ARC : open ? CROSS : CHAT)
      badge.textContent = unread as any
      if (unread) el.append(badge)
      else badge.remove()
    }
  }
}
