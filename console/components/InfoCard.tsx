/** Props of {@link InfoCard}. */
export interface InfoCardProps {
  /** referenced by the entry's `aria-describedby` */
  id: string
  heading: string
  /** label/value pairs; empty values are left out */
  rows: [label: string, value: string | undefined][]
}

/** The seed's info card: details shown while an entry is hovered or focused (CSS does the showing). */
export function InfoCard({ id, heading, rows }: InfoCardProps) {
  return (
    <div id={id} role="tooltip" class="card">
      <strong class="card-heading">{heading}</strong>
      <dl class="card-rows">
        {rows
          .filter(([, value]) => value)
          .map(([label, value], i) => (
            <div key={i} class="card-row">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </div>
  )
}
