import type { Claim } from '../../protocol/index.js'

const FIELD: Record<Claim, string> = { id: 'User id', name: 'Name', email: 'Email' }

/**
 * The mark of a claim the site proved. It is an element of its own beside the customer's text,
 * never part of it: a pill with a drawn check and the word "Verified" on a filled background,
 * which no name or email a customer types can reproduce, and its accessible name says which
 * field the site proved.
 */
export function VerifiedMark({ claim }: { claim: Claim }) {
  return (
    <span class="verified-mark" role="img" aria-label={`${FIELD[claim]} verified by the site`} data-verified={claim}>
      <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
        <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
      </svg>
      <span aria-hidden="true">Verified</span>
    </span>
  )
}
