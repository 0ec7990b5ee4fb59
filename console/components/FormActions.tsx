// The end of every form: its error (announced) and Cancel beside the submit button.

/** Props of {@link FormActions}. */
export interface FormActionsProps {
  error?: string | undefined
  /** label of the submit button */
  submit: string
  disabled: boolean
  onCancel(): void
  /** class of the button row (dialogs and the inline chat form are laid out differently) */
  rowClass?: string
}

/** The error line, then Cancel and the submit button. */
export function FormActions({ error, submit, disabled, onCancel, rowClass = 'dialog-actions' }: FormActionsProps) {
  return (
    <>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class={rowClass}>
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="button primary" disabled={disabled}>
          {submit}
        </button>
      </div>
    </>
  )
}
