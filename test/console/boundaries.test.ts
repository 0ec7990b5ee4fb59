import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sourcesOf, undocumentedExports } from '../helpers/sources.js'

// The console's markup stays CSP-safe: no inline styles, no HTML injection. What it may import is
// checked with the other programs in test/boundaries.test.ts.
const root = 'console'
const sources = sourcesOf(root)

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
    expect(undocumentedExports(sources)).toEqual([])
  })
})
