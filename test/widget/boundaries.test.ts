import { dirname, join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sourcesOf, undocumentedExports } from '../helpers/sources.js'

// The widget lives on strangers' pages: it may import only the protocol's front door, Preact and
// idb-keyval (its two runtime dependencies), and (for size) has no classes or enums.
const root = 'widget'
const sources = sourcesOf(root)

describe('widget boundaries', () => {
  it('imports only the protocol front door, preact and idb-keyval from outside the widget', () => {
    const allowed = (path: string, spec: string) => {
      if (['preact', 'preact/hooks', 'idb-keyval'].includes(spec)) return true
      if (!spec.startsWith('.')) return false
      const target = relative('.', join(dirname(path), spec))
      return target === 'protocol/index.js' || target.startsWith(root + '/')
    }
    const outside = sources.flatMap(({ path, text }) =>
      [...text.matchAll(/from '([^']+)'/g)]
        .map((m) => m[1]!)
        .filter((spec) => !allowed(path, spec))
        .map((spec) => path + ': ' + spec)
    )
    expect(outside).toEqual([])
  })

  it('renders with Preact and stores with idb-keyval, and bundles nothing else from outside', () => {
    const runtime = new Set(sources.flatMap(({ text }) => [...text.matchAll(/^import (?!type )[^;]*?from '([^.'][^']*)'/gm)].map((m) => m[1]!)))
    expect([...runtime].sort()).toEqual(['idb-keyval', 'preact'])
  })

  it('declares no classes and no enums', () => {
    const found = sources.filter(({ text }) => /^\s*(export\s+)?(abstract\s+|const\s+)?(class|enum)\s+\w+/m.test(text))
    expect(found.map((f) => f.path)).toEqual([])
  })

  it('puts a one-line doc comment on every export', () => {
    expect(undocumentedExports(sources)).toEqual([])
  })
})
