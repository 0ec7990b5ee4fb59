// Every error code the relay can send is documented (docs/errors.md), as Fastify does for its own.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../protocol/index.js'
import { ERROR_CATALOG } from '../../relay/errors.js'

const root = join(import.meta.dirname, '..', '..')
const docs = readFileSync(join(root, 'docs', 'errors.md'), 'utf8')
const documentedRow = (cell: string) => docs.includes(`| ${cell} |`)

describe('error documentation', () => {
  it('lists every wire code of protocol/errors.ts', () => {
    const source = readFileSync(join(root, 'protocol', 'errors.ts'), 'utf8')
    const union = source.slice(source.indexOf('export type ErrorCode'), source.indexOf('/** WebSocket close codes'))
    const codes = [...union.matchAll(/\|\s*'(\w+)'/g)].map((m) => m[1]!)
    expect(codes.length).toBeGreaterThan(10)
    expect(codes.filter((c) => !documentedRow('`' + c + '`'))).toEqual([])
  })

  it('lists every coded error of relay/errors.ts with its wire code', () => {
    const missing = ERROR_CATALOG().filter(({ name, code }) => !docs.includes(`| \`${name}\` | \`${code}\` |`))
    expect(missing).toEqual([])
  })

  it('lists every close code', () => {
    expect(Object.values(CLOSE).filter((code) => !documentedRow(String(code)))).toEqual([])
  })
})
