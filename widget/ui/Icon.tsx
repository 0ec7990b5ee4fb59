// One of the widget's icons (widget/icons.ts) as an SVG element.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'

export { CHAT, CROSS, PICTURE, PLANE, THUMB } from '../icons.js'

/** One icon, hidden from assistive technology (its button carries the name). */
export const Icon = ({ d }: { d: string }) => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
)
