// What every chart has around it: a heading, a one-sentence summary for screen readers, the data
// as a table (the text alternative) and a CSV download.
import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'
import { downloadCsv, type Table } from './csv.js'

/** Props of {@link ChartFrame}. */
export interface ChartFrameProps {
  title: string
  /** what the chart shows, in a sentence: the drawing's accessible name */
  summary: string
  table: Table
  /** file name of the CSV, without .csv */
  csvName: string
  children: ComponentChildren
  testId: string
  /** the drawing is itself a table (the heat map): no image role, no second table */
  isTable?: boolean
}

/** A chart with its summary, its data table and a CSV download. */
export function ChartFrame(p: ChartFrameProps) {
  const id = useId()
  return (
    <figure class="r-chart" aria-labelledby={id} data-testid={p.testId}>
      <div class="r-chart-head">
        <h3 id={id}>{p.title}</h3>
        <button type="button" class="button r-csv" onClick={() => downloadCsv(p.csvName + '.csv', p.table)}>
          Download CSV<span class="sr-only"> of {p.title}</span>
        </button>
      </div>
      {p.isTable ? (
        <div class="r-drawing">
          <p class="sr-only">{p.summary}</p>
          {p.children}
        </div>
      ) : (
        <div role="img" aria-label={p.summary} class="r-drawing">
          {p.children}
        </div>
      )}
      {!p.isTable && (
        <details class="r-table">
          <summary>Table of {p.title.toLowerCase()}</summary>
          <div class="r-table-scroll">
            <table>
              <thead>
                <tr>
                  {p.table.head.map((h) => (
                    <th scope="col" key={h}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {p.table.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((c, j) =>
                      j === 0 ? (
                        <th scope="row" key={j}>
                          {c ?? '—'}
                        </th>
                      ) : (
                        <td key={j}>{c ?? '—'}</td>
                      )
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </figure>
  )
}
