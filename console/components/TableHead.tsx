/** Props of {@link TableHead}. */
export interface TableHeadProps {
  /** the column headings, left to right */
  columns: string[]
  /** a last column for row buttons, its heading read to screen readers only */
  actions?: boolean
}

/** A table's header row: one column heading per name, then (with `actions`) the buttons' column. */
export function TableHead({ columns, actions = false }: TableHeadProps) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th scope="col" key={c}>
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  )
}
