// The widget's icons, as 24×24 SVG paths (no icon font, no files to fetch).
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
/** A speech bubble: the launcher while closed. */
export const CHAT = 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-4 4V5a2 2 0 0 1 0-2z'
/** A cross: close. */
export const CROSS = 'M6.4 5 5 6.4l5.6 5.6L5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z'
/** A paper plane: send. */
export const PLANE = 'M3 20.5 21 12 3 3.5v6.6l12.9 1.9L3 13.9z'
/** A picture: attach an image. */
export const PICTURE = 'M4 4h16a1 1 0 0 1 1 1v14a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V5a1 1 0 0 1 1-1zm1 2v10l4-4 3 3 3-4 4 5V6zm3.5 1a1.5 1.5 0 1 1 0 3 1.5 1.5 0 0 1 0-3z'

/** One icon, hidden from assistive technology (its button carries the name). */
export const Icon = ({ d }: { d: string }) => (
  <svg viewBox="0 0 24 24" aria-hidden="true">
    <path d={d} />
  </svg>
)
