/** Props of {@link EndOfChatOptions}. */
export interface EndOfChatOptionsProps {
  ratings: boolean
  transcripts: boolean
  /** whether the relay can send email (PARLEY_SMTP_URL and PARLEY_MAIL_FROM set); unknown counts as yes */
  mail: boolean | undefined
  onChange(patch: { ratings?: boolean; transcripts?: boolean }): void
}

/** What the customer is offered when a chat ends: a good/bad rating with a comment, and the transcript by email. */
export function EndOfChatOptions({ ratings, transcripts, mail, onChange }: EndOfChatOptionsProps) {
  return (
    <fieldset class="fieldset" data-testid="end-of-chat">
      <legend>When a chat ends</legend>
      <label class="option">
        <input type="checkbox" class="option-input" checked={ratings} onChange={(ev) => onChange({ ratings: ev.currentTarget.checked })} /> Ask the customer to
        rate the chat (good or bad, with a comment)
      </label>
      <label class="option">
        <input type="checkbox" class="option-input" checked={transcripts} onChange={(ev) => onChange({ transcripts: ev.currentTarget.checked })} /> Offer the
        transcript by email
      </label>
      {mail === false ? (
        <p class="form-warning" data-testid="mail-missing">
          This server cannot send email (PARLEY_SMTP_URL and PARLEY_MAIL_FROM are not set), so customers are not offered the transcript by email; they can still
          download it as text.
        </p>
      ) : (
        <p class="help">Customers can always download the transcript as text.</p>
      )}
    </fieldset>
  )
}
