// The launcher's look (the loader's part; the chat adds chat/styles.ts), injected into the shadow
// root: host page CSS cannot reach in, `all: initial` on the host stops inherited fonts and
// colours from leaking through, and no page rule such as `*::after { content: "»" }` draws on the
// host element. Sizes are px, not rem: a host page's `html { font-size }` must not resize the widget.
// Logical properties (inline-start/end) mirror the layout for right-to-left languages.
// While the chat is on its way to an open window, the launcher spins.
// size: what only the running chat shows (the window, the unread badge, the launcher hidden behind a
// full-screen window, the text's font and the reset of inherited fonts, colours and backgrounds: the
// launcher has no text; the reset of every element's box, margin, padding and border: the launcher
// resets its own; the short names --c, --o, --x, --y of the host's custom properties: the launcher
// reads --parley-* itself) is styled by chat/styles.ts, which every page view does not pay for.
// size: written pre-minified, one rule per line; esbuild does not minify CSS inside strings.

/** The accent colour when neither `data-color` nor the site's settings give one. */
export const DEFAULT_COLOR = '#0b5fff'

/** The loader's stylesheet (the launcher and its spinner); custom properties `--parley-*` on the host element carry the options. */
export const css = `:host{all:initial!important}
:host::before,:host::after{content:none!important}
:focus-visible{outline:2px solid;outline-offset:2px}
svg{width:24px;fill:none;stroke:currentColor;stroke-width:2;stroke-linejoin:round}
.fab{border:0;padding:0;cursor:pointer;position:fixed;z-index:var(--parley-z,2147483000);right:var(--parley-x);bottom:var(--parley-y);background:var(--parley-color);color:var(--parley-on);border-radius:50%;display:grid;width:56px;height:56px;place-items:center;box-shadow:0 4px 14px #0004}
.left .fab{right:auto;left:var(--parley-x)}
.off{filter:grayscale(1)}
.busy svg{animation:r 1s linear infinite}
@keyframes r{to{transform:rotate(1turn)}}`
