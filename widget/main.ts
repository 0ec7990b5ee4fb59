// The script-tag entry (dist/parley.js): reads the tag's data-* options, takes the relay's origin
// from the tag's own src, and creates the one global `Parley`.
//   <script src="https://chat.example.com/parley.js" async data-title="Chat with us"
//           data-color="#0b5fff" data-position="right"></script>
import type { Parley } from './api.js'
import { createParley } from './create-parley.js'

declare global {
  interface Window {
    /** The widget's JS API, created by the script tag. */
    Parley?: Parley
  }
}

// currentScript is only set while this file first runs, so it is read at once.
const tag = document.currentScript as HTMLScriptElement | null
try {
  // A second copy of the tag on the page must not make a second widget.
  if (tag && !window.Parley) {
    const d = tag.dataset
    window.Parley = createParley({
      relay: new URL(tag.src).origin,
      title: d.title,
      color: d.color,
      position: d.position === 'left' ? 'left' : 'right'
    })
  }
} catch (err) {
  console.error(err)
}
