// The chat window's look, added to the shadow root when the chat starts (the loader's stylesheet,
// widget/styles.ts, has the launcher; the window's place, the unread badge and
// the launcher hidden behind a full-screen window are here: only the running chat shows them).
// Colours are custom properties: --c accent, --o text on the accent (from the host element's
// --parley-color and --parley-on, which the loader always sets; --x and --y, the offset, likewise), --b
// background, --f text, --m muted text, --s transcript background, --l lines and notices, --e errors. The
// dark set applies with `.dark`, or with `.auto` when the page's colour scheme is dark. Every text
// colour meets WCAG AA on its background in both themes. The window slides in, except for
// visitors who prefer reduced motion.
// size: written pre-minified, one rule per line; esbuild does not minify CSS inside strings.

const dark = '--b:#1c1c1f;--f:#ececef;--m:#b4b4bb;--s:#26262b;--l:#45454d;--e:#ff9b9b'

/** The chat window's stylesheet. */
export const chatCss = `*{box-sizing:border-box;margin:0;padding:0;border:0;font:inherit;color:inherit;background:none}
button{cursor:pointer}
.w{--c:var(--parley-color);--o:var(--parley-on);--x:var(--parley-x);--y:var(--parley-y);--b:#fff;--f:#1d1d1f;--m:#595960;--s:#f4f4f6;--l:#d4d4d8;--e:#b3001b;color:var(--f);font:14px/1.4 system-ui,sans-serif}
.dark{${dark}}
@media(prefers-color-scheme:dark){.auto{${dark}}}
.panel{position:fixed;z-index:var(--parley-z,2147483000);right:var(--x);bottom:calc(var(--y) + 68px);width:370px;height:560px;max-height:calc(100vh - 108px);background:var(--b);border-radius:12px;box-shadow:0 8px 30px #0004;display:flex;flex-direction:column;overflow:hidden;animation:in .18s ease-out}
.left .panel{right:auto;left:var(--x)}
.n{position:absolute;top:-4px;right:-4px;padding:0 6px;border-radius:9px;background:#c4001a;color:#fff;font:700 12px/18px system-ui}
@keyframes in{from{opacity:0;transform:translateY(8px)}}
@media(prefers-reduced-motion:reduce){.panel{animation:none}}
@media(max-width:600px){.w .panel{inset:var(--parley-vt,0) 0 auto;width:auto;height:var(--parley-vh,100%);max-height:none;border-radius:0}.o .fab{display:none}}
.send,.head,.customer .bub,.go{background:var(--c);color:var(--o)}
.send{border-radius:50%;padding:8px;display:grid}
.head,.comp,.up{display:flex;gap:8px;align-items:center;padding:10px}
.head div{flex:1;padding-inline-start:6px}
.t{font-size:16px;font-weight:600}
.head p{font-size:12px}
.who,.at,.sys,.typing,.hi,.hint{font-size:12px;color:var(--m)}
.end{border:1px solid;border-radius:6px;padding:3px 8px}
.note{background:var(--l);padding:8px 16px}
.list{flex:1;overflow:auto;display:flex;flex-direction:column-reverse;background:var(--s)}
ul{list-style:none;padding:12px;display:flex;flex-direction:column;gap:8px}
li{max-width:80%;display:flex;flex-direction:column;align-items:start}
.customer{align-self:end;align-items:end}
.bub{padding:8px 12px;border-radius:14px;background:var(--b);border:1px solid var(--l);white-space:pre-wrap;overflow-wrap:anywhere}
img{display:block;width:auto;height:auto;max-width:220px;max-height:220px;border-radius:8px}
.up{padding:0}
.up,.up img{height:48px}
.pending,.failed{opacity:.7}
.sys,.hi{align-self:center;text-align:center}
.at button{text-decoration:underline}
.typing{padding:0 16px 6px;background:var(--s)}
.comp{flex-wrap:wrap;border-top:1px solid var(--l)}
.ended{display:flex;flex-direction:column;gap:10px;padding:0 12px 12px}
.ended>p{text-align:center}
textarea{font-size:16px;padding:8px;border:1px solid var(--m);border-radius:8px;background:var(--b)}
.comp textarea{flex:1;resize:none;max-height:120px}
.att{position:relative;padding:8px;color:var(--m)}
.att:focus-within{outline:2px solid}
.att input{position:absolute;inset:0;opacity:0;cursor:pointer}
.go{border-radius:8px;padding:8px 16px;font-weight:600}
.row{display:flex;gap:8px;flex-wrap:wrap;align-items:center;justify-content:center}
.link{text-decoration:underline;padding:8px}
.wait{padding:12px 16px;color:var(--m)}
:disabled,.att:has(:disabled){opacity:.4}`
