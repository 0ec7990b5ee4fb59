// Builds the three programs into dist/ and prints the widget's weight. Fails over budget.
//   dist/parley.js     the widget's loader, one minified IIFE for the script tag (every page view)
//   dist/parley.mjs    the loader as an ES module exporting createParley() (single-page apps)
//   dist/parley-chat-<hash>.js  the chat (Preact and all), an ES module both loaders import on demand
//   dist/parley-forms-<hash>.js the chat's forms (offline and pre-chat forms, rating, transcript), an ES
//                      module the chat imports when a view needs it, drawn with the chat's Preact
//   dist/parley-images-<hash>.js  shrinking and uploading images (widget/images.ts), imported with the first one
//   dist/parley-store-<hash>.js   what a chat under way needs beside its window (widget/chat/store-chunk.ts): the
//                      session store with idb-keyval and its keeper, the typing preview, the page watcher;
//                      imported with the first message, or at start for a visitor with a session to resume
//   dist/parley-sound-<hash>.js   the notification sound (widget/sound.ts), imported the first time it plays
//   dist/parley.d.ts   TypeScript declarations, generated from widget/index.ts
//   dist/parley-<lang>-<hash>.json  the widget's strings per locale, fetched only by visitors who need them
//                      (one hash for all locales; also as parley-<lang>.json, the name older loaders ask for)
//   *.br, *.gz         every widget file precompressed (brotli 11, gzip 9), served by content negotiation
//   dist/console/      the agent console (app.js, index.html, console.css, favicon.svg; chunks/ and
//                      reports.css: the reports view with uPlot, loaded only when opened)
//   dist/relay/reports-worker.mjs  the reports worker thread
//   dist/relay/cli.mjs the relay and its CLI (node_modules stay external)
import { build, transform } from 'esbuild'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib'
import { minify } from 'terser'

// The budgets count the .gz files the relay sends (zopfli, below); gzip -9 of each is printed beside it.
/** What every page view pays: the loader (dist/parley.js), in bytes gzip. Only goes down. */
// The target, 4 KB. The loader is ≈3,830 B (gzip -9 ≈3,890): it went from 4,444 B by leaving to
// the chat what only it needs (the check of setAttributes(), the shape of messages, identify()'s copy,
// the window's element, the reset of every element's box, the short names of the colours and offset),
// then by terser and zopfli; create-parley.ts is ≈1.6 KB gzip of it, the launcher's stylesheet ≈0.35 KB.
// The loader names the chat's content-hashed file, whose random characters move gzip by a few
// bytes with every change to the chat.
const LOADER_BUDGET_GZIP = 4096
/** What a visitor who opens the chat loads: the loader and the chat (Preact and CSS included), in bytes gzip. Only goes down. */
// The target, 16 KB. It is ≈15,920 B (gzip -9 ≈16,380): loader ≈3,830, chat ≈12,090. Not
// counted, as they load only when needed (each content-hashed, precompressed, immutable):
//   forms ≈3.1 KB gzip (dist/parley-forms-<hash>.js): offline and pre-chat forms, rating, transcript, with
//     their verbs, texts and styles, keeping the offline form across reloads and reading the transcript's
//     answer; only in the chats that show one of them;
//   store ≈1.25 KB (dist/parley-store-<hash>.js): idb-keyval, the session store and what keeps it in step
//     with the chat, the draft's preview for agents and the page watcher of single-page apps; with the
//     first message, or at start for a visitor with a chat to resume;
//   images ≈0.65 KB (dist/parley-images-<hash>.js): shrinking, uploading and sending; with the first image;
//   sound ≈0.21 KB (dist/parley-sound-<hash>.js): the notification ping; the first time it plays.
// Of the chat's ≈12.1 KB, Preact is ≈4.5 KB, the window's stylesheet ≈1.25 KB, the state machine
// ≈1.2 KB, and start-chat.ts, the window's components, the English texts, page, tabs and the chunks'
// loading the rest (gzip without each). The chat uses the loader's randomId() (Shell.id) and title()
// (Shell.title) rather than copies of its own.
const WIDGET_BUDGET_GZIP = 16_384

const common = { bundle: true, logLevel: 'warning', legalComments: 'none', jsx: 'automatic', jsxImportSource: 'preact' }

await rm('dist', { recursive: true, force: true })
await mkdir('dist/console', { recursive: true })

// The widget: Safari 14.1 and every evergreen browser (ES2021 syntax); private fields of the form `_x`
// mangled, and Preact's internal ones (`__k`, `__e`…, which its build names so for mangling; not `__html`):
// one name each within a bundle, and Preact never leaves the chat's bundle (checked below).
const widgetBuild = { ...common, target: ['es2021', 'safari14.1'], minify: true, mangleProps: /^_[a-z]|^__[a-zA-Z]$/ }
const hash = (data) => createHash('sha256').update(data).digest('base64url').slice(0, 10).replace(/[-_]/g, 'x')
// Then terser over esbuild's output: its names go by how often each is used, which gzip shrinks
// better, and a second compress pass (≈0.4 KB gzip off the chat, ≈0.14 KB off the loader). Safe
// options only: no `unsafe*`, no assumptions about getters.
const terse = async (code, module) =>
  (await minify(code, { module, ecma: 2020, compress: { passes: 2 }, mangle: { toplevel: module }, format: { comments: false } })).code
// The widget's stylesheets (widget/styles.ts, widget/chat/styles.ts, widget/chat/forms-styles.ts) are
// written one rule per line; esbuild's CSS minifier joins them at build time (the exports named
// `…css`/`…Css`; the others as they are).
const minifyCss = {
  name: 'parley-css',
  setup(b) {
    b.onLoad({ filter: /widget[\\/](chat[\\/])?(forms-)?styles\.ts$/ }, async ({ path }) => {
      const r = await build({ entryPoints: [path], bundle: true, write: false, format: 'esm', logLevel: 'warning' })
      const exports = await import('data:text/javascript,' + encodeURIComponent(r.outputFiles[0].text))
      const lines = []
      for (let [name, value] of Object.entries(exports)) {
        if (/css$/i.test(name)) value = (await transform(value, { loader: 'css', minify: true, target: widgetBuild.target })).code.trim()
        lines.push(`export const ${name} = ${JSON.stringify(value)}`)
      }
      return { loader: 'js', contents: lines.join('\n') }
    })
  }
}
// A loader: the script tag's IIFE, or the ES module.
const loaderBuild = async (entry, out, format, base) => {
  const r = await build({ ...widgetBuild, entryPoints: [entry], outfile: out, write: false, format, plugins: [minifyCss, assets(base)] })
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
// One of the chat's files: an ES module, esbuild's then terse()'s.
const widgetModule = async (entry, plugins = []) => {
  const r = await build({ ...widgetBuild, entryPoints: [entry], outdir: 'dist', write: false, format: 'esm', metafile: true, plugins: [minifyCss, ...plugins] })
  return { code: await terse(r.outputFiles[0].text, true), inputs: Object.keys(r.metafile.inputs) }
}
const chunks = {
  forms: await widgetModule('widget/chat/forms-chunk.ts', [handover]),
  images: await widgetModule('widget/images.ts'),
  store: await widgetModule('widget/chat/store-chunk.ts'),
  sound: await widgetModule('widget/sound.ts')
}
if (chunks.forms.inputs.some((i) => i.includes('node_modules/preact/'))) {
  console.error("Preact ended up in the forms chunk: it must use the chat's")
  process.exit(1)
}
// size: one hash for the chat's chunks (of them all together), written once in the chat's names of
// them, which gzip shrinks to one; a change to any of them renames them all (as a release does).
const chunksHash = hash(
  Object.values(chunks)
    .map((c) => c.code)
    .join('\n')
)
for (const [name, c] of Object.entries(chunks)) {
  c.file = `parley-${name}-${chunksHash}.js`
  await writeFile('dist/' + c.file, c.code)
}
const [formsFile, imagesFile, storeFile, soundFile] = Object.values(chunks).map((c) => c.file)
// widget/chat/chunks.ts names the chat's chunks by their sources; the chat gets them by their hashed names,
// next to the chat (a URL, not a string esbuild would take for a pattern of files to bundle).
const chunkNames = {
  name: 'parley-chunks',
  setup(b) {
    b.onLoad({ filter: /widget[\\/]chat[\\/]chunks\.ts$/ }, () => ({
      loader: 'js',
      contents: Object.entries({ importForms: formsFile, importImages: imagesFile, importStore: storeFile, importSound: soundFile })
        .map(([f, file]) => `export const ${f} = (n) => import(new URL(${JSON.stringify(file)} + (n ? '?' + n : ''), import.meta.url).href)`)
        .join('\n')
    }))
  }
}
const chat = await widgetModule('widget/chat/index.ts', [chunkNames])
const chatFile = `parley-chat-${hash(chat.code)}.js`
await writeFile('dist/' + chatFile, chat.code)
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

// Every widget file precompressed, and the weights printed; over a budget fails the build. The .gz
// files are made with zopfli (@gfx/zopfli, Google's deflate encoder compiled to WebAssembly): gzip
// any browser reads, ≈3 % smaller than zlib's gzip -9, as CDNs precompress static files. The
// budgets count the .gz the relay sends; gzip -9 is printed beside it.
const kb = (n) => (n / 1024).toFixed(2) + ' KB'
// Its Emscripten runtime adds process handlers that print all of its own source with any uncaught
// error of the build: they come off, so a failing build says only what failed.
const handlers = (event) => process.listeners(event)
const mine = { uncaughtException: handlers('uncaughtException'), unhandledRejection: handlers('unhandledRejection') }
const { gzipAsync: zopfliGzip } = await import('@gfx/zopfli')
for (const [event, kept] of Object.entries(mine)) for (const h of handlers(event)) if (!kept.includes(h)) process.off(event, h)
const weigh = async (file) => {
  const raw = await readFile('dist/' + file)
  const gz = Buffer.from(await zopfliGzip(raw, { numiterations: 15 }))
  if (!gunzipSync(gz).equals(raw)) throw new Error(`dist/${file}.gz does not unpack to dist/${file}`)
  const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })
  await writeFile(`dist/${file}.gz`, gz)
  await writeFile(`dist/${file}.br`, br)
  return { raw: raw.length, gzip: gz.length, gzip9: gzipSync(raw, { level: 9 }).length, brotli: br.length }
}
const sizes = {}
for (const file of (await readdir('dist')).filter((f) => /^parley.*\.(js|mjs|json|ts)$/.test(f))) sizes[file] = await weigh(file)
const line = (what, s) => `${what}: ${kb(s.raw)} raw, ${kb(s.gzip)} gzip (${s.gzip} B; gzip -9 ${s.gzip9} B), ${kb(s.brotli)} brotli`
const loader = sizes['parley.js']
const both = Object.fromEntries(Object.keys(loader).map((k) => [k, loader[k] + sizes[chatFile][k]]))
console.log(line('widget loader dist/parley.js', loader) + ` (budget ${kb(LOADER_BUDGET_GZIP)} gzip)`)
console.log(line(`widget chat dist/${chatFile}`, sizes[chatFile]) + ' — on open or intent')
console.log(
  line(`widget forms dist/${formsFile}`, sizes[formsFile]) + ' — with the offline or pre-chat form, or at the end of a chat with rating or transcript'
)
console.log(line(`widget images dist/${imagesFile}`, sizes[imagesFile]) + ' — with the first image a visitor sends')
console.log(line(`widget store dist/${storeFile}`, sizes[storeFile]) + ' — with the first message, or to resume a stored chat (store, typing preview, pages)')
console.log(line(`widget sound dist/${soundFile}`, sizes[soundFile]) + ' — with the first agent message while the window is closed or the page hidden')
console.log(line('widget loader + chat', both) + ` (budget ${kb(WIDGET_BUDGET_GZIP)} gzip)`)
if (loader.gzip > LOADER_BUDGET_GZIP || both.gzip > WIDGET_BUDGET_GZIP) {
  console.error(`widget is over budget: loader ${loader.gzip - LOADER_BUDGET_GZIP} bytes, loader + chat ${both.gzip - WIDGET_BUDGET_GZIP} bytes gzip over`)
  process.exit(1)
}
