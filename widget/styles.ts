// The widget's whole look, injected into its shadow root (host page CSS cannot reach in, and
// `all: initial` on the host stops inherited fonts and colours from leaking through).
// Sizes are px, not rem: a host page's `html { font-size }` must not resize the widget.
// size: written pre-minified, one rule per line; esbuild does not minify CSS inside strings.

/** The accent colour when `data-color` is not given. */
export const DEFAULT_COLOR = '#0b5fff'

/** The widget's stylesheet; `--parley-color` (set on the host element) is the accent colour. */
export const css = `:host{all:initial!important}
*{box-sizing:border-box;margin:0;padding:0;font:inherit;color:inherit}
.w{--c:var(--parley-color,${DEFAULT_COLOR});font:14px/1.4 system-ui,sans-serif;color:#222}
button{background:none;border:0;cursor:pointer;display:inline-grid;place-items:center}
:focus-visible{outline:2px solid var(--c);outline-offset:2px}
svg{width:24px;height:24px;fill:currentColor}
.fab,.panel{position:fixed;z-index:2147483000;right:20px;bottom:20px}
.left>*{right:auto;left:20px}
.fab,.send{background:var(--c);color:#fff;border-radius:50%}
.fab{width:56px;height:56px;box-shadow:0 4px 14px #0003}
.panel{bottom:88px;width:360px;height:520px;max-height:calc(100vh - 108px);background:#fff;border-radius:12px;box-shadow:0 8px 30px #0003;display:flex;flex-direction:column;overflow:hidden}
@media(max-width:480px){.w .panel{inset:0;width:auto;height:auto;max-height:none;border-radius:0}.panel~.fab{display:none}}
.head{background:var(--c);color:#fff;padding:10px 10px 10px 16px;display:flex;align-items:center;gap:8px}
.head div{flex:1}
h2{font-size:16px;font-weight:600}
.head p,.who,.at,.sys,.typing,.hi{font-size:12px}
.end{border:1px solid;border-radius:6px;padding:3px 8px}
.head :focus-visible{outline-color:#fff}
.note{background:#fff4e5;padding:8px 16px}
.list{flex:1;overflow:auto;display:flex;flex-direction:column-reverse;background:#f5f5f6}
ul{list-style:none;padding:12px;display:flex;flex-direction:column;gap:8px}
.msg{max-width:80%;display:flex;flex-direction:column;align-items:start}
.customer{align-self:end;align-items:end}
.bub{padding:8px 12px;border-radius:14px;background:#fff;border:1px solid #ddd;white-space:pre-wrap;overflow-wrap:anywhere}
.customer .bub{background:var(--c);color:#fff}
.pending,.failed{opacity:.6}
.failed .at{color:#b00}
.who,.at,.sys,.typing,.hi{color:#555}
.sys,.hi{align-self:center;text-align:center}
.at button{text-decoration:underline;display:inline}
.typing{padding:0 16px 6px;background:#f5f5f6}
.comp,.ended{display:flex;gap:8px;align-items:end;padding:10px;border-top:1px solid #ddd}
.ended{flex-direction:column;align-items:center}
textarea{flex:1;resize:none;font-size:16px;max-height:120px;padding:8px 10px;border:1px solid #ccc;border-radius:8px}
.send{padding:8px}
.ended button{background:var(--c);color:#fff;border-radius:8px;padding:8px 16px}
:disabled{opacity:.4}`
