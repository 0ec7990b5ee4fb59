import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The console's markup stays CSP-safe: no inline styles, no HTML injection. What it may import is
// checked with the other programs in test/boundaries.test.ts.
const root = 'console'
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []))
const sources = files(root).map((path) => ({ path, text: readFileSync(path, 'utf8') }))

describe('console boundaries', () => {
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
