// The forms chunk's look (./forms-chunk.ts), added to the shadow root beside the chat's
// stylesheet (./styles.ts, whose custom properties it uses) when the chunk arrives.
// size: written pre-minified, one rule per line; esbuild does not minify CSS inside strings.

/** The forms' stylesheet: fields and their errors, the rating's buttons, the offline form's hidden field. */
export const formsCss = `.panel>.form{flex-wrap:wrap;border-top:1px solid var(--l)}
.ended .form{background:var(--b);border:1px solid var(--l);border-radius:12px;padding:12px}
.field input,select{font-size:16px;padding:8px;border:1px solid var(--m);border-radius:8px;background:var(--b)}
.scroll{flex:1;overflow:auto}
.form{display:flex;flex-direction:column;gap:10px;padding:12px 16px;width:100%}
.field{display:flex;flex-direction:column;gap:4px}
.field label{font-weight:600}
[aria-invalid=true]{border-color:var(--e)}
::file-selector-button{border:0;border-radius:6px;padding:4px 10px;margin-inline-end:8px;background:var(--s);color:var(--f)}
.err{color:var(--e);font-size:13px}
.form .go{align-self:start}
.rate{display:flex;gap:8px;flex-wrap:wrap;align-items:center}
.form>.err:empty{margin:-5px 0}
.rate button{display:flex;gap:6px;align-items:center;border:1px solid var(--l);border-radius:8px;padding:6px 12px}
.rate svg{width:18px}
[aria-pressed=true]{background:var(--c);color:var(--o)}
.bad svg{transform:rotate(180deg)}
.trap{position:absolute;height:0;overflow:hidden;opacity:0}
.done{padding:32px 16px;text-align:center}`
