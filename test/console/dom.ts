// Small DOM helpers for the console's component tests: mount with act, find by what a user sees.
import { render, type ComponentChild } from 'preact'
import { act } from 'preact/test-utils'
import { afterEach, beforeEach, vi } from 'vitest'

/** Renders `vnode` into a fresh container in the document. */
export const mount = async (vnode: ComponentChild) => {
  const root = document.createElement('div')
  document.body.append(root)
  await act(() => {
    render(vnode, root)
  })
  return {
    root,
    unmount: () =>
      act(() => {
        render(null, root)
        root.remove()
      })
  }
}

/**
 * Registers the page reset every console component test shares: `console.warn` muted during a test,
 * then the document emptied, the hash cleared and mocks restored; `clearStorage` also empties localStorage first.
 */
export const resetPageEachTest = ({ clearStorage = false } = {}) => {
  beforeEach(() => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    if (clearStorage) localStorage.clear()
  })
  afterEach(() => {
    document.body.innerHTML = ''
    location.hash = ''
    vi.restoreAllMocks()
  })
}

/** Lets pending promises (fetch answers) and the renders they cause run. */
export const settle = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
  })

/** Runs `fn` (socket frames, clicks) and lets Preact render its effects. */
export const step = (fn: () => void) =>
  act(() => {
    fn()
  })

/** The one element matching `selector`, or a failing test. */
export const one = <E extends Element = HTMLElement>(root: ParentNode, selector: string): E => {
  const all = root.querySelectorAll<E>(selector)
  if (all.length !== 1) throw new Error(`expected one ${selector}, found ${all.length}`)
  return all[0]!
}

/** The text of `el` as read aloud: text nodes joined by single spaces. */
export const text = (el: Element | null | undefined): string => {
  if (!el) return ''
  const parts: string[] = []
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT)
  for (let n = walker.nextNode(); n; n = walker.nextNode()) parts.push(n.textContent ?? '')
  return parts.join(' ').replace(/\s+/g, ' ').trim()
}

/** The button whose text or aria-label is `name`. */
export const button = (root: ParentNode, name: string): HTMLButtonElement => {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].filter((b) => text(b) === name || b.getAttribute('aria-label') === name)
  if (found.length !== 1) throw new Error(`expected one button "${name}", found ${found.length}`)
  return found[0]!
}

/** The chat's subtitle button: named by what it shows (title and tags), then ", edit chat details". */
export const editDetailsButton = (root: ParentNode): HTMLButtonElement => {
  const found = [...root.querySelectorAll<HTMLButtonElement>('button')].filter((b) => b.getAttribute('aria-label')?.endsWith(', edit chat details'))
  if (found.length !== 1) throw new Error(`expected one button to edit chat details, found ${found.length}`)
  return found[0]!
}

/** The field labelled `label` by a `<label for>` or an `aria-label`. */
export const field = <E extends HTMLElement = HTMLInputElement>(root: ParentNode, label: string): E => {
  const l = [...root.querySelectorAll('label')].find((x) => text(x) === label)
  const el = (l && document.getElementById(l.htmlFor)) ?? root.querySelector(`[aria-label="${label}"]`)
  if (!el) throw new Error(`no field labelled "${label}"`)
  return el as E
}

/** Types `value` into a field the way a browser reports it. */
export const typeInto = (el: HTMLInputElement | HTMLTextAreaElement, value: string) =>
  step(() => {
    el.value = value
    el.dispatchEvent(new Event('input', { bubbles: true }))
  })

/** Presses `key` on `el`. */
export const press = (el: Element, key: string, init: KeyboardEventInit = {}) =>
  step(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
  })

/** A fetch that answers from `routes` ("METHOD /path" → status and JSON body) and records requests. */
export const fakeFetch = (routes: Record<string, { status: number; body?: unknown }>) => {
  const calls: { method: string; url: string; body?: unknown; headers?: Record<string, string> }[] = []
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET'
    const url = String(input)
    const body = typeof init?.body === 'string' ? JSON.parse(init.body) : (init?.body ?? undefined)
    // Headers only where a test needs them (uploads); most calls compare equal without.
    const headers =
      init?.headers && !(init.headers as Record<string, string>)['content-type']?.startsWith('application/json')
        ? (init.headers as Record<string, string>)
        : undefined
    calls.push(headers ? { method, url, body, headers } : { method, url, body })
    const route = routes[method + ' ' + url]
    if (!route) throw new TypeError('network error')
    return new Response(route.body === undefined ? null : JSON.stringify(route.body), {
      status: route.status,
      headers: { 'content-type': 'application/json' }
    })
  }) as typeof fetch
  return { fetchImpl, calls, routes }
}
