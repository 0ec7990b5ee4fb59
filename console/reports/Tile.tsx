/** Props of {@link Tile}. */
export interface TileProps {
  term: string
  value: string
  /** a smaller line under the value */
  note?: string
  /** marks the tile as needing attention (the queue has someone waiting) */
  alert?: boolean
  /** test id of the value */
  testId?: string
}

/** One figure of a report's `<dl class="r-tiles">`: what it is, its value, and a note under it. */
export function Tile({ term, value, note, alert, testId }: TileProps) {
  return (
    <div class={'r-tile' + (alert ? ' r-alert' : '')}>
      <dt>{term}</dt>
      <dd>
        <span class="r-value" data-testid={testId}>
          {value}
        </span>
        {note && <span class="r-note">{note}</span>}
      </dd>
    </div>
  )
}
