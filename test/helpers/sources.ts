// A program's source files as text, for the tests that read the code itself (boundaries, doc comments).
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** A source file: its path from the repository root and its text. */
export interface Source {
  path: string
  text: string
}

/** Every .ts and .tsx file below `dir`, read. */
export const sourcesOf = (dir: string): Source[] => {
  const files = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(d, e.name)) : /\.tsx?$/.test(e.name) ? [join(d, e.name)] : []))
  return files(dir).map((path) => ({ path, text: readFileSync(path, 'utf8') }))
}

/** `path:line` of every export (const, interface, function, type) whose line above does not end a doc comment. */
export const undocumentedExports = (sources: Source[]): string[] =>
  sources.flatMap(({ path, text }) => {
    const lines = text.split('\n')
    return lines.flatMap((line, i) =>
      /^export (const|interface|function|type \w)/.test(line) && !/\*\/\s*$/.test(lines[i - 1] ?? '') ? [path + ':' + (i + 1)] : []
    )
  })
