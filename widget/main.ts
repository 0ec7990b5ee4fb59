// The script-tag entry (dist/parley.js): reads the tag's data-* options, takes the relay's origin
// from the tag's own src (or data-relay), creates the one global `Parley`, and replays the calls
// the async snippet queued before it loaded.
//   <script src="https://chat.example.com/parley.js" async data-title="Chat with us"
//           data-color="#0b5fff" data-position="right"></script>
import type { Parley, ParleyOptions, ParleyStub } from './api.js'
import { createParley } from './create-parley.js'

// currentScript is only set while this file first runs, so it is read at once.
const tag = document.currentScript as HTMLScriptElement | null
try {
  const stub = window.Parley as (Parley & Partial<ParleyStub>) | undefined
  // A second copy of the tag on the page must not make a second widget.
  if (tag && (!stub || stub.q)) {
    const d = tag.dataset
    // size: the data-* attributes are the options as they are (createParley reads "false" as false);
    // the page's CSP nonce comes from the tag unless data-nonce says otherwise.
    const parley = (window.Parley = createParley({ nonce: tag.nonce, ...d, relay: d.relay || new URL(tag.src).origin } as ParleyOptions))
    // destroy() takes the global away too: no trace, and a new tag may start a new widget.
    const { destroy } = parley
    parley.destroy = () => {
      destroy()
      delete window.Parley
    }
    // size: the queued `arguments` objects are iterable (Array.from would take any array-like).
    for (const [m, args] of stub?.q ?? []) (parley[m] as (...a: unknown[]) => void)(...(args as unknown[]))
  }
} catch (err) {
  console.error(err)
}
