// README's "Configuration" table, written from the settings table so the two cannot drift
// (test/relay/config-table.test.ts compares them and prints this when they differ).
import { SETTINGS, type Setting } from './config-table.js'

const code = (v: string | number) => '`' + String(v) + '`'

const defaultOf = (s: Setting): string => {
  if (s.shown)
    return s.kind === 'int'
      ? `${code(s.default)} ${s.shown.startsWith(String(s.default)) ? s.shown.slice(String(s.default).length).trim() : `(${s.shown})`}`.trim()
      : s.shown
  if (s.kind === 'list') return s.default.length ? code(s.default.join(',')) : 'none'
  return s.default === '' ? 'none' : code(s.default)
}

const rangeOf = (s: Setting): string => {
  if (s.kind === 'int') return `${s.min}–${s.max}`
  if (s.kind === 'url') return 'http(s) URL'
  if (s.kind === 'list') return 'comma list'
  if (s.values) return s.values.map(code).join(', ')
  if (s.minChars) return `≥ ${s.minChars} characters`
  return ''
}

/** The Markdown table of every setting that has an environment variable, in table order. */
export const configTableMarkdown = (): string =>
  [
    '| variable | default | unit | range | meaning |',
    '|---|---|---|---|---|',
    ...(SETTINGS as readonly Setting[]).flatMap((s) =>
      s.env ? [`| ${code(s.env)} | ${defaultOf(s)} | ${s.kind === 'int' ? s.unit : ''} | ${rangeOf(s)} | ${s.doc} |`] : []
    )
  ].join('\n')
