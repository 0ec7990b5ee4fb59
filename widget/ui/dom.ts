// The widget's renderer: Preact's `h()` and `render()` for what the widget's components use, in
// about a seventh of Preact's bytes. Components are pure functions of their props (no state, no
// hooks, no classes), so a component is called when its element is created; render() then
// patches the DOM in place: same element, same node (focus, selection and scroll stay), children
// matched by `key` where given, else by tag in order. Props: `on*` handlers, `ref` (callback or
// object, called once with the new node when it is in the document), attributes (false or null removes one,
// except `aria-*`/`data-*`, which read "false"), SVG in its namespace.
// To use Preact instead: `export { h, render } from 'preact'` here (the components are written
// for both; test/widget runs against this file).
// size: written for the minifier: short internal names, no classes.
import type { JSX as PreactJSX } from 'preact'

/** A node of the virtual tree: an element (tag, props, children), or a text (tag '', text `s`). */
export type VNode = { t: string; p: Props; c: VNode[]; k?: unknown; s?: string; e?: Node }

/** Props of an element; `key` and `ref` are the renderer's, `on*` are event handlers, the rest attributes. */
export type Props = Record<string, any>

type Child = VNode | string | number | boolean | null | undefined | Child[]

// Children flattened, texts as text vnodes, false/null/undefined/true dropped (as in Preact).
const flat = (list: Child[], out: VNode[] = []): VNode[] => {
  for (const c of list)
    if (Array.isArray(c)) flat(c, out)
    else if (c != null && c !== !!c) out.push(typeof c === 'object' ? c : { t: '', p: {}, c: [], s: '' + c })
  return out
}

/** Preact's `h`: an element, or what component `t` returns for these props (its `key` kept). */
export function h<P extends Props>(t: string | ((p: P) => any), p: P | null, ...c: Child[]): any {
  const q: Props = p || {}
  if (typeof t !== 'string') {
    const v = t(q as P)
    if (v && q.key != null) v.k = q.key
    return v
  }
  return { t, p: q, c: flat(c), k: q.key }
}

/** JSX in the widget's components is type-checked against Preact's element and event types. */
export declare namespace h {
  namespace JSX {
    type Element = PreactJSX.Element
    type ElementClass = PreactJSX.ElementClass
    type ElementAttributesProperty = PreactJSX.ElementAttributesProperty
    type ElementChildrenAttribute = PreactJSX.ElementChildrenAttribute
    type IntrinsicAttributes = PreactJSX.IntrinsicAttributes
    type IntrinsicElements = PreactJSX.IntrinsicElements
  }
}

// Sets prop `k` of `el` from `old` to `v`.
const set = (el: any, k: string, v: any, old: any) => {
  // `_`: a dev-mode JSX transform adds __self and __source, which are no attributes.
  if (v === old || k === 'key' || k === 'ref' || k[0] === '_') return
  if (k[0] === 'o' && k[1] === 'n') {
    // One listener per event, calling the current handler: no re-binding on every render.
    const name = k.slice(2).toLowerCase()
    if (!el.l) el.l = {}
    if (!el.l[name]) el.addEventListener(name, (e: Event) => el.l[name]?.(e))
    el.l[name] = v
  } else if (v == null || (v === false && k[4] !== '-')) el.removeAttribute(k)
  // aria-*/data-* (a dash at 4) read "true"/"false"; other boolean attributes are there or not.
  else el.setAttribute(k, v === true && k[4] !== '-' ? '' : v)
}

// Refs of nodes made during a render, called once the whole tree is in the document (so a ref
// can measure or focus its node, as with Preact).
let refs: (() => void)[] = []

// A new DOM node for `v` (inside an <svg> when `svg`).
const make = (v: VNode, svg?: boolean): Node => {
  if (!v.t) return (v.e = document.createTextNode(v.s!))
  svg ||= v.t === 'svg'
  const el = svg ? document.createElementNS('http://www.w3.org/2000/svg', v.t) : document.createElement(v.t)
  for (const k in v.p) set(el, k, v.p[k], undefined)
  kids(el, [], v.c, svg)
  const { ref } = v.p
  if (ref) refs.push(() => (typeof ref === 'function' ? ref(el) : (ref.current = el)))
  return (v.e = el)
}

// The node of `old` brought to `v`, or a new one when they do not match.
const patch = (old: VNode | undefined, v: VNode, svg?: boolean): Node => {
  if (!old || old.t !== v.t) return make(v, svg)
  const el = (v.e = old.e!)
  if (!v.t) {
    if (old.s !== v.s) (el as Text).data = v.s!
  } else {
    for (const k in old.p) if (!(k in v.p)) set(el, k, undefined, old.p[k])
    for (const k in v.p) set(el, k, v.p[k], old.p[k])
    kids(el, old.c, v.c, svg || v.t === 'svg')
  }
  return el
}

// Brings the children of `el` from `olds` to `news`. A child takes the old one with its key or,
// without a key, the first unused old one of its tag: an element that appears before others
// (a notice, an upload) does not make its siblings new (a textarea keeps its text and focus).
const kids = (el: Node, olds: VNode[], news: VNode[], svg?: boolean) => {
  const left = [...olds]
  news.forEach((v, i) => {
    const j = left.findIndex((o) => o.k === v.k && (v.k != null || o.t === v.t))
    const node = patch(j < 0 ? undefined : left.splice(j, 1)[0], v, svg)
    const at = el.childNodes[i]
    if (node !== at) el.insertBefore(node, at ?? null)
  })
  while (el.childNodes.length > news.length) el.lastChild!.remove()
}

/** Preact's `render`: makes `root` show `v` (null or false: nothing), reusing what it showed before. */
export const render = (v: h.JSX.Element | VNode | null | false, root: Element & { v?: VNode[] }) => {
  const news = v ? [v as VNode] : []
  kids(root, root.v ?? [], news)
  root.v = news
  const done = refs
  refs = []
  for (const f of done) f()
}
