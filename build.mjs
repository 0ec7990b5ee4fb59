// Builds the three programs into dist/ and prints the widget's weight. Fails over budget.
//   dist/parley.js     the widget's loader, one minified IIFE for the script tag (every page view)
//   dist/parley.mjs    the loader as an ES module exporting createParley() (single-page apps)
//   dist/parley-chat-<hash>.js  the chat (Preact and all), an ES module both loaders import on demand
//   dist/parley-forms-<hash>.js the chat's forms (offline and pre-chat forms, rating, transcript), an ES
//                      module the chat imports when a view needs it, drawn with the chat's Preact
//   dist/parley-images-<hash>.js  shrinking and uploading images (widget/images.ts), imported with the first one
//   dist/parley-store-<hash>.js   the session store with idb-keyval (widget/session-store.ts), imported when the
//                      chat first stores something, or at start for a visitor with a session to resume
//   dist/parley.d.ts   TypeScript declarations, generated from widget/index.ts
//   dist/parley-<lang>-<hash>.json  the widget's strings per locale, fetched only by visitors who need them
//                      (one hash for all locales; also as parley-<lang>.json, the name older loaders ask for)
//   *.br, *.gz         every widget file precompressed (brotli 11, gzip 9), served by content negotiation
//   dist/console/      the agent console (app.js, index.html, console.css, favicon.svg; chunks/ and
//                      reports.css: the reports view with uPlot, loaded only when opened)
//   dist/relay/reports-worker.mjs  the reports worker thread
//   dist/relay/cli.mjs the relay and its CLI (node_modules stay external)
import { build } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { minify } from 'terser'

/** What every page view pays: the loader (dist/parley.js), in bytes gzip -9. Only goes down. */
// The target, 4 KB. The loader is ≈4,020 B: ≈420 B went since 4,444 B by leaving to the chat
// what only it needs (the check of setAttributes(), the shape of messages, identify()'s copy, the
// window's element, the reset of every element's box and the short names of the colours and
// offset); create-parley.ts is ≈1.6 KB gzip of it, the launcher's stylesheet ≈0.35 KB.
// The loader names the chat's content-hashed file, whose random characters move gzip by a few
// bytes with every change to the chat.
const LOADER_BUDGET_GZIP = 4096
/** What a visitor who opens the chat loads: the loader and the chat (Preact, idb-keyval and CSS included), in bytes gzip -9. Only goes down. */
// The target is 16 KB (16384 B); it is ≈17,520 B (loader ≈4,030, chat ≈13,490). Not counted, as
// they load only when needed (each content-hashed, precompressed, immutable):
//   forms ≈3.3 KB gzip (dist/parley-forms-<hash>.js): offline and pre-chat forms, rating, transcript, with
//     their verbs, texts and styles, keeping the offline form across reloads and reading the transcript's
//     answer; only in the chats that show one of them;
//   store ≈0.77 KB (dist/parley-store-<hash>.js): idb-keyval and the session store; with the first message,
//     or at start for a visitor with a chat to resume;
//   images ≈0.69 KB (dist/parley-images-<hash>.js): shrinking, uploading and sending; with the first image.
// Issue 12's features cost the chat ≈2.8 KB gzip; ≈1.2 KB of that moved to the forms chunk. What is left
// over 16 KB is ≈1.15 KB; of the chat's ≈13.5 KB, Preact is ≈4.5 KB, the window's stylesheet ≈1.3 KB, the
// state machine ≈1.25 KB, and start-chat.ts, the window's components, the English texts, page, tabs,
// typing and the chunks' loading the other ≈6.4 KB (gzip without each). The chat uses the loader's
// randomId() (Shell.id) rather than a copy of its own.
const WIDGET_BUDGET_GZIP = 17_050

const common = { bundle: true, logLevel: 'warning', legalComments: 'none', jsx: 'automatic', jsxImportSource: 'preact' }

await rm('dist', { recursive: true, force: true })
await mkdir('dist/console', { recursive: true })

// The widget: Safari 14.1 and every evergreen browser (ES2021 syntax); private fields of the form `_x` mangled.
const widgetBuild = { ...common, target: ['es2021', 'safari14.1'], minify: true, mangleProps: /^_[a-z]/ }
const hash = (data) => createHash('sha256').update(data).digest('base64url').slice(0, 10).replace(/[-_]/g, 'x')
// Then terser over esbuild's output: its names go by how often each is used, which gzip shrinks
// better, and a second compress pass (≈0.4 KB gzip off the chat, ≈0.14 KB off the loader). Safe
// options only: no `unsafe*`, no assumptions about getters.
const terse = async (code, module) =>
  (await minify(code, { module, ecma: 2020, compress: { passes: 2 }, mangle: { toplevel: module }, format: { comments: false } })).code
// A loader: the script tag's IIFE, or the ES module.
const loaderBuild = async (entry, out, format, base) => {
  const r = await build({ ...widgetBuild, entryPoints: [entry], outfile: out, write: false, format, plugins: [assets(base)] })
  await writeFile(out, await terse(r.outputFiles[0].text, format === 'esm'))
}

// The chat's own chunks first (forms, images, store: the chat names them by their content hashes), then the chat (the loaders name it).
// The forms chunk draws with the chat's Preact, handed over when it arrives (widget/chat/preact-handover.ts).
const handover = {
  name: 'parley-preact-handover',
  setup(b) {
    b.onResolve({ filter: /^preact$/ }, () => ({ path: resolve('widget/chat/preact-handover.ts') }))
  }
}
// One of the chat's files: an ES module named by the hash of what is written (terse() included).
const chunk = async (name, entry, plugins = []) => {
  const r = await build({ ...widgetBuild, entryPoints: [entry], outdir: 'dist', write: false, format: 'esm', metafile: true, plugins })
  const code = await terse(r.outputFiles[0].text, true)
  const file = `parley-${name}-${hash(code)}.js`
  await writeFile('dist/' + file, code)
  return { file, inputs: Object.keys(r.metafile.inputs) }
}
const forms = await chunk('forms', 'widget/chat/forms-chunk.ts', [handover])
const formsFile = forms.file
if (forms.inputs.some((i) => i.includes('node_modules/preact/'))) {
  console.error(`Preact ended up in dist/${formsFile}: the forms chunk must use the chat's`)
  process.exit(1)
}
const imagesFile = (await chunk('images', 'widget/images.ts')).file
const storeFile = (await chunk('store', 'widget/session-store.ts')).file
// widget/chat/chunks.ts names the chat's chunks by their sources; the chat gets them by their hashed names,
// next to the chat (a URL, not a string esbuild would take for a pattern of files to bundle).
const chunkNames = {
  name: 'parley-chunks',
  setup(b) {
    b.onLoad({ filter: /widget[\\/]chat[\\/]chunks\.ts$/ }, () => ({
      loader: 'js',
      contents: ['importForms', 'importImages', 'importStore']
        .map(
          (f, i) =>
            `export const ${f} = (n) => import(new URL(${JSON.stringify([formsFile, imagesFile, storeFile][i])} + (n ? '?' + n : ''), import.meta.url).href)`
        )
        .join('\n')
    }))
  }
}
const chatFile = (await chunk('chat', 'widget/chat/index.ts', [chunkNames])).file
// size: one hash for all locale files (of all of them together), so the loader builds their names
// from the language instead of carrying a table of random characters, which gzip cannot shrink.
const locales = {}
for (const file of (await readdir('widget/locales')).sort())
  locales[file.replace('.json', '')] = JSON.stringify(JSON.parse(await readFile('widget/locales/' + file, 'utf8')))
const localesHash = hash(JSON.stringify(locales))
for (const [lang, json] of Object.entries(locales)) {
  await writeFile(`dist/parley-${lang}-${localesHash}.json`, json)
  await writeFile(`dist/parley-${lang}.json`, json)
}
// widget/assets.ts names the chat and the locale files by their source; the loaders get them by
// their hashed names, next to the script (its src for the script tag, import.meta.url for the module).
const assets = (base) => ({
  name: 'parley-assets',
  setup(b) {
    b.onLoad({ filter: /widget[\\/]assets\.ts$/ }, () => ({
      loader: 'js',
      contents: `const base = ${base}
export const importChat = (n) => import(new URL(${JSON.stringify(chatFile)} + (n ? '?' + n : ''), base).href)
export const localeUrl = (relay, lang) => new URL('parley-' + lang + ${JSON.stringify('-' + localesHash + '.json')}, base).href`
    }))
  }
})

let consoleMeta
await Promise.all([
  loaderBuild('widget/main.ts', 'dist/parley.js', 'iife', 'document.currentScript.src'),
  loaderBuild('widget/index.ts', 'dist/parley.mjs', 'esm', 'import.meta.url'),
  // The console: app.js, and the reports view with uPlot as a chunk loaded only when opened.
  build({
    ...common,
    entryPoints: { app: 'console/main.tsx' },
    outdir: 'dist/console',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: true,
    metafile: true
  }).then((r) => (consoleMeta = r.metafile)),
  // The reports worker thread, started by the relay beside cli.mjs (relay/reports/runner.ts).
  build({
    ...common,
    entryPoints: ['relay/reports/worker.ts'],
    outfile: 'dist/relay/reports-worker.mjs',
    platform: 'node',
    format: 'esm',
    target: ['node20'],
    packages: 'external'
  }),
  build({
    ...common,
    entryPoints: ['relay/cli.ts'],
    outfile: 'dist/relay/cli.mjs',
    platform: 'node',
    format: 'esm',
    target: ['node20'],
    packages: 'external',
    sourcemap: true
  })
])
await cp('console/index.html', 'dist/console/index.html')
await cp('console/console.css', 'dist/console/console.css')
await cp('console/favicon.svg', 'dist/console/favicon.svg')
await writeFile(
  'dist/console/reports.css',
  (await readFile('node_modules/uplot/dist/uPlot.min.css', 'utf8')) + '\n' + (await readFile('console/reports/reports.css', 'utf8'))
)
// The console's weight, and uPlot's: it must ride in the reports chunk, never in app.js.
const kbc = (n) => (n / 1024).toFixed(2) + ' KB'
const gz = (buf) => gzipSync(buf, { level: 9 }).length
const uplotIn = (out) => consoleMeta.outputs[out].inputs['node_modules/uplot/dist/uPlot.esm.js']?.bytesInOutput ?? 0
const eager = new Set(consoleMeta.outputs['dist/console/app.js'].imports.filter((i) => i.kind === 'import-statement').map((i) => i.path))
for (const [out] of Object.entries(consoleMeta.outputs).filter(([o]) => o.endsWith('.js'))) {
  const raw = await readFile(out)
  const uplot = uplotIn(out)
  console.log(
    `console ${out}: ${kbc(raw.length)} raw, ${kbc(gz(raw))} gzip` +
      (uplot ? ` (uPlot ${kbc(uplot)} raw of it)` : '') +
      (out === 'dist/console/app.js' ? '' : eager.has(out) ? ' — shared, loaded with app.js' : ' — loaded with the reports view')
  )
}
const css = await readFile('dist/console/reports.css')
console.log(`console dist/console/reports.css: ${kbc(css.length)} raw, ${kbc(gz(css))} gzip (uPlot's stylesheet included) — loaded with the reports view`)
if (uplotIn('dist/console/app.js')) {
  console.error('uPlot ended up in dist/console/app.js: it must load only with the reports view')
  process.exit(1)
}

// The declarations, from the sources (the global `window.Parley` included).
execFileSync(
  'node_modules/.bin/dts-bundle-generator',
  ['--silent', '--no-banner', '--inline-declare-global', '--export-referenced-types=false', '-o', 'dist/parley.d.ts', 'widget/index.ts'],
  { stdio: 'inherit' }
)

// Every widget file precompressed, and the weights printed; over a budget fails the build.
const kb = (n) => (n / 1024).toFixed(2) + ' KB'
const weigh = async (file) => {
  const raw = await readFile('dist/' + file)
  const gz = gzipSync(raw, { level: 9 })
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
  await writeFile(`dist/${file}.gz`, gz)
  await writeFile(`dist/${file}.br`, br)
  return { raw: raw.length, gzip: gz.length, brotli: br.length }
}
const sizes = {}
for (const file of (await readdir('dist')).filter((f) => /^parley.*\.(js|mjs|json|ts)$/.test(f))) sizes[file] = await weigh(file)
const line = (what, s) => `${what}: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip, ${kb(s.brotli)} brotli`
const loader = sizes['parley.js']
const both = { raw: loader.raw + sizes[chatFile].raw, gzip: loader.gzip + sizes[chatFile].gzip, brotli: loader.brotli + sizes[chatFile].brotli }
console.log(line('widget loader dist/parley.js', loader) + ` (budget ${kb(LOADER_BUDGET_GZIP)} gzip)`)
console.log(line(`widget chat dist/${chatFile}`, sizes[chatFile]) + ' — on open or intent')
console.log(
  line(`widget forms dist/${formsFile}`, sizes[formsFile]) + ' — with the offline or pre-chat form, or at the end of a chat with rating or transcript'
)
console.log(line(`widget images dist/${imagesFile}`, sizes[imagesFile]) + ' — with the first image a visitor sends')
console.log(line(`widget store dist/${storeFile}`, sizes[storeFile]) + ' — with the first message, or to resume a stored chat')
console.log(line('widget loader + chat', both) + ` (budget ${kb(WIDGET_BUDGET_GZIP)} gzip)`)
if (loader.gzip > LOADER_BUDGET_GZIP || both.gzip > WIDGET_BUDGET_GZIP) {
  console.error(`widget is over budget: loader ${loader.gzip - LOADER_BUDGET_GZIP} bytes, loader + chat ${both.gzip - WIDGET_BUDGET_GZIP} bytes gzip over`)
  process.exit(1)
}
