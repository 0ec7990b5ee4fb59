// CSV export of a chart's data: RFC 4180 quoting, downloaded through a Blob link.

/** One table: a header row and data rows. */
export interface Table {
  head: string[]
  rows: (string | number | null)[][]
}

const cell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v)
  // Quote what would break the row; a leading = + - @ is quoted too, so spreadsheets do not run it as a formula.
  return /[",\r\n]|^[=+\-@]/.test(s) && typeof v !== 'number' ? '"' + s.replace(/"/g, '""') + '"' : s
}

/** The table as CSV text, CRLF line ends. */
export const toCsv = (t: Table): string => [t.head, ...t.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'

/** Offers `t` as a file named `name` (.csv). */
export const downloadCsv = (name: string, t: Table): void => {
  const url = URL.createObjectURL(new Blob([toCsv(t)], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}
