import type { Claim } from '../../protocol/index.js'
import { VerifiedMark } from './VerifiedMark.js'

/** One row of a card: label, value (empty rows are left out) and, for a proven claim, which one. */
export type CardRow = [label: string, value: string | undefined, proven?: Claim]

/** Props of {@link InfoCard}. */
export interface InfoCardProps {
  /** referenced by the entry's `aria-describedby` */
  id: string
  heading: string
  rows: CardRow[]
}

/** A row's value, with the site's proof beside it (outside the customer's text) when there is one. */
export function CardValue({ value, proven }: { value: string; proven?: Claim | undefined }) {
  return (
    <dd>
      <span class="card-value">{value}</span>
      {proven && <VerifiedMark claim={proven} />}
    </dd>
  )
}

/** The seed's info card: details shown while an entry is hovered or focused (CSS does the showing). */
export function InfoCard({ id, heading, rows }: InfoCardProps) {
  return (
    <div id={id} role="tooltip" class="card">
      <strong class="card-heading">{heading}</strong>
      <dl class="card-rows">
        {rows
          .filter(([, value]) => value)
          .map(([label, value, proven], i) => (
            <div key={i} class="card-row">
              <dt>{label}</dt>
              <CardValue value={value!} proven={proven} />
            </div>
          ))}
      </dl>
    </div>
  )
}
