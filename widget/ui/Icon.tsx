// The widget's icons, as 24×24 SVG strokes (no icon font, no files to fetch).
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
/** A speech bubble: the launcher while closed. */
export const CHAT = 'M4 4h16v12H9l-5 4z'
/** A cross: close. */
export const CROSS = 'M6 6l12 12M18 6L6 18'
/** A paper plane: send. */
export const PLANE = 'M3 20l18-8L3 4l3 8zm3-8h15'
/** A picture: attach an image. */
export const PICTURE = 'M3 5h18v14H3zm0 11l5-5 5 5 3-3 5 5'

/** One icon, hidden from assistive technology (its button carries the name). */
export const Icon = ({ d }: { d: string }) => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
)
