import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The layout in ../shared/STYLE.md as a test: three programs (widget, console, relay) that speak one
// protocol never import each other; each reaches the protocol only through its front door; the protocol
// is pure (no packages, no DOM, no node:); the relay's domain core (relay/hub) never reaches Fastify.
// Imports are read by TypeScript's own pre-parser, so static, type-only, re-exported, dynamic
// (`import()`, also in types) and `require` imports all count, and comments or strings never do.

const PROGRAMS = ['protocol', 'widget', 'console', 'relay'] as const
type Program = (typeof PROGRAMS)[number]

/** The packages each program may import; the relay may use any of its dependencies. */
const PACKAGES: Record<Exclude<Program, 'relay'>, RegExp> = {
  protocol: /^$/,
  widget: /^(preact|preact\/hooks|idb-keyval)$/,
  // The console's reports draw their charts with uPlot.
  console: /^(preact|preact\/hooks|uplot(\/.*)?)$/
}

const sourcesIn = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourcesIn(join(dir, d.name)) : /\.tsx?$/.test(d.name) && !d.name.endsWith('.d.ts') ? [join(dir, d.name)] : []
  )

type Import = { spec: string; typeOnly: boolean }

/**
 * Every module a file names, from TypeScript's own parse: static, type-only, re-exported, dynamic
 * (`import()`, also in types) and `require` imports; a comment or a string never counts. Under
 * verbatimModuleSyntax only `import type`/`export type` and `import('…')` in a type vanish at build.
 */
const importsOf = (text: string, fileName = 'x.tsx'): Import[] => {
  const found: Import[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier))
      found.push({ spec: node.moduleSpecifier.text, typeOnly: !!node.importClause?.isTypeOnly })
    else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier))
      found.push({ spec: node.moduleSpecifier.text, typeOnly: node.isTypeOnly })
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal))
      found.push({ spec: node.argument.literal.text, typeOnly: true })
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push({ spec: node.arguments[0].text, typeOnly: false })
    ts.forEachChild(node, visit)
  }
  visit(ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS))
  return found
}

/** The repo-relative file a relative specifier names (`./x.js` → `dir/x.ts`), or the path as written. */
const resolve = (from: string, spec: string): string => {
  const base = normalize(join(dirname(from), spec))
  const stem = base.replace(/\.js$/, '')
  const found = [stem + '.ts', stem + '.tsx', base, join(base, 'index.ts')].find((p) => existsSync(p) && statSync(p).isFile())
  return found ?? base
}

const programOf = (path: string): Program | undefined => PROGRAMS.find((p) => path === p || path.startsWith(p + '/'))

type Edge = Import & { from: string; to?: string }
const files = PROGRAMS.flatMap((p) => sourcesIn(p))
const edges: Edge[] = files.flatMap((from) =>
  importsOf(readFileSync(from, 'utf8'), from).map((i) => (i.spec.startsWith('.') ? { ...i, from, to: resolve(from, i.spec) } : { ...i, from }))
)
const show = (e: Edge) => e.from + ' → ' + e.spec

describe('boundaries between the programs', () => {
  it('reads static, type-only, re-exported, dynamic and require imports, and nothing in comments', () => {
    const text = [
      "import a from './a.js'",
      "import type { B } from '../b.js'",
      "import { type C } from './c.js'",
      "export * from './d.js'",
      "export type { E } from 'e'",
      "const f = await import('./f.js')",
      "type G = typeof import('g')",
      "const h = require('h')",
      "import './i.css'",
      "// import z from 'z'",
      'const s = "from \'y\'"',
      "const el = <p>import x from 'x'</p>"
    ].join('\n')
    expect(importsOf(text).map((i) => (i.typeOnly ? 'type ' : '') + i.spec)).toEqual([
      './a.js',
      'type ../b.js',
      './c.js',
      './d.js',
      'type e',
      './f.js',
      'type g',
      'h',
      './i.css'
    ])
  })

  it('finds the sources of all four folders', () => {
    for (const p of PROGRAMS) expect(files.filter((f) => programOf(f) === p).length, p).toBeGreaterThan(3)
  })

  it('lets widget, console and relay import each other never, and the protocol only through protocol/index.ts', () => {
    const crossing = edges.filter((e) => {
      if (!e.to) return false
      const from = programOf(e.from)
      const to = programOf(e.to)
      if (from === to) return false
      return to !== 'protocol' || e.to !== 'protocol/index.ts'
    })
    expect(crossing.map(show)).toEqual([])
  })

  it('keeps every import inside the repository folders it may reach', () => {
    const escaping = edges.filter((e) => e.to && !programOf(e.to))
    expect(escaping.map(show)).toEqual([])
  })

  it('gives the protocol no packages and the widget and console only their own', () => {
    const foreign = edges.filter((e) => {
      const p = programOf(e.from)
      return !e.to && p && p !== 'relay' && !PACKAGES[p].test(e.spec)
    })
    expect(foreign.map(show)).toEqual([])
  })

  it('keeps Fastify out of the relay domain core: relay/hub names it nowhere, not even as a type, and loads nothing that does', () => {
    // @fastify/error is a standalone error factory (relay/errors.ts); it does not pull in Fastify.
    const isFastify = (spec: string) => /^fastify(\/|$)|^fastify-plugin$|^@fastify\/(?!error$)/.test(spec)
    const hub = files.filter((f) => f.startsWith('relay/hub/'))
    expect(hub.length).toBeGreaterThan(0)
    expect(edges.filter((e) => hub.includes(e.from) && isFastify(e.spec)).map(show)).toEqual([])
    // Everything the hub loads at run time, followed through relative imports.
    const loaded = new Set<string>()
    const queue = [...hub]
    const packages: Edge[] = []
    while (queue.length) {
      const file = queue.pop()!
      if (loaded.has(file)) continue
      loaded.add(file)
      for (const e of edges.filter((x) => x.from === file && !x.typeOnly)) {
        if (e.to) queue.push(e.to)
        else packages.push(e)
      }
    }
    expect(packages.filter((e) => isFastify(e.spec)).map(show)).toEqual([])
    expect([...loaded].filter((f) => /^relay\/(routes\/|app\.ts$|server\.ts$)/.test(f))).toEqual([])
  })

  it('compiles the protocol with the ES2022 library alone: no DOM, no Node, only getRandomValues and btoa', () => {
    // Random ids need two host APIs that browsers and Node (≥ 19) both have as globals.
    const shim = 'web-crypto.d.ts'
    const shimText = 'declare const crypto: { getRandomValues<T extends ArrayBufferView>(array: T): T }\ndeclare function btoa(data: string): string'
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: [],
      strict: true,
      noEmit: true,
      skipLibCheck: true
    }
    const host = ts.createCompilerHost(options)
    const read = host.getSourceFile
    host.getSourceFile = (name, lang, ...rest) => (name === shim ? ts.createSourceFile(name, shimText, lang) : read.call(host, name, lang, ...rest))
    const roots = files.filter((f) => programOf(f) === 'protocol')
    const program = ts.createProgram([...roots, shim], options, host)
    const problems = ts.getPreEmitDiagnostics(program).map((d) => (d.file ? d.file.fileName + ': ' : '') + ts.flattenDiagnosticMessageText(d.messageText, ' '))
    expect(problems).toEqual([])
    // And the program really held nothing but the protocol, the shim and TypeScript's own library.
    const outside = program
      .getSourceFiles()
      .map((s) => s.fileName)
      .filter((f) => f !== shim && !program.isSourceFileDefaultLibrary(program.getSourceFile(f)!) && !/(^|\/)protocol\//.test(f))
    expect(outside).toEqual([])
  }, 30_000)
})
