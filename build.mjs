// Builds the three programs into dist/ and prints the widget's weight. Fails over budget.
//   dist/parley.js     the widget, one minified IIFE for the script tag
//   dist/console/      the agent console (app.js, index.html, console.css, favicon.svg)
//   dist/relay/cli.mjs the relay and its CLI (node_modules stay external)
import { build } from 'esbuild'
import { cp, mkdir, readFile, rm } from 'node:fs/promises'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

/** The whole widget, Preact and CSS included, may not weigh more than this (bytes, gzip -9). Only goes down. */
const WIDGET_BUDGET_GZIP = 16 * 1024

const common = { bundle: true, logLevel: 'warning', legalComments: 'none', jsx: 'automatic', jsxImportSource: 'preact' }

await rm('dist', { recursive: true, force: true })
await mkdir('dist/console', { recursive: true })

await Promise.all([
  build({
    ...common,
    entryPoints: ['widget/main.ts'],
    outfile: 'dist/parley.js',
    format: 'iife',
    target: ['es2020', 'safari14.1'],
    minify: true,
    // size: private fields of the form `_x` are mangled to short names.
    mangleProps: /^_[a-z]/,
    metafile: true
  }),
  build({
    ...common,
    entryPoints: ['console/main.tsx'],
    outfile: 'dist/console/app.js',
    format: 'esm',
    target: ['es2022'],
    minify: true,
    sourcemap: true
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

const widget = await readFile('dist/parley.js')
const gzip = gzipSync(widget, { level: 9 }).length
const brotli = brotliCompressSync(widget, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
const kb = (n) => (n / 1024).toFixed(2) + ' KB'
console.log(`widget dist/parley.js: ${kb(widget.length)} raw, ${kb(gzip)} gzip, ${kb(brotli)} brotli (budget ${kb(WIDGET_BUDGET_GZIP)} gzip)`)
if (gzip > WIDGET_BUDGET_GZIP) {
  console.error(`widget is over budget by ${gzip - WIDGET_BUDGET_GZIP} bytes gzip`)
  process.exit(1)
}
