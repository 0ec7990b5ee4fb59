import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// The console may import only the protocol's front door and Preact from outside console/, and its
// markup stays CSP-safe: no inline styles, no HTML injection.
const root = 'console'
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []
  )
const sources = files(root).map((path) => ({ path, text: readFileSync(path, 'utf8') }))

describe('console boundaries', () => {
  it('imports only the protocol front door and preact from outside the console', () => {
    const allowed = (path: string, spec: string) => {
      if (['preact', 'preact/hooks'].includes(spec)) return true
      if (!spec.startsWith('.')) return false
      const target = relative('.', join(dirname(path), spec))
      return target === 'protocol/index.js' || target.startsWith(root + '/')
    }
    const outside = sources.flatMap(({ path, text }) =>
      // import/export statements only (no `=` or `(` before their `from`), so JSX text never counts.
      [...text.matchAll(/^(?:import|export)\s[^;=(]*?\bfrom '([^']+)'/gm)].map((m) => m[1]!).filter((spec) => !allowed(path, spec)).map((spec) => path + ': ' + spec)
    )
    expect(outside).toEqual([])
  })

  it('sets no inline styles and injects no HTML', () => {
    const found = sources.filter(({ text }) => /\bstyle=\{|dangerouslySetInnerHTML|\.innerHTML\s*=/.test(text))
    expect(found.map((f) => f.path)).toEqual([])
  })

  it('loads its script and stylesheet relatively from a page without inline code', () => {
    const html = readFileSync(join(root, 'index.html'), 'utf8')
    expect(html).toContain('<script type="module" src="./app.js"></script>')
    expect(html).toContain('<link rel="stylesheet" href="./console.css" />')
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son\w+=/i)
  })

  it('puts a one-line doc comment on every export', () => {
    const bare = sources.flatMap(({ path, text }) => {
      const lines = text.split('\n')
      return lines.flatMap((line, i) =>
        /^export (const|interface|function|type \w)/.test(line) && !/\*\/\s*$/.test(lines[i - 1] ?? '') ? [path + ':' + (i + 1)] : []
      )
    })
    expect(bare).toEqual([])
  })
})
