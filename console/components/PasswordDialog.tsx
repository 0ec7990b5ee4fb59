import { useId, useState } from 'preact/hooks'
import { Modal } from './Modal.js'
import { FormActions } from './FormActions.js'

/** Props of {@link PasswordDialog}. */
export interface PasswordDialogProps {
  /** changes the password; resolves to the relay's refusal, or undefined once changed */
  onChange(current: string, next: string): Promise<string | undefined>
  onClose(): void
}

/** Shortest password the relay accepts. */
const MIN_CHARS = 8

/** The agent changes their own password (every other session of theirs ends). */
export function PasswordDialog({ onChange, onClose }: PasswordDialogProps) {
  const id = useId()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [repeat, setRepeat] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const submit = async (ev: Event) => {
    ev.preventDefault()
    if (next.length < MIN_CHARS) return setError('The new password needs at least ' + MIN_CHARS + ' characters.')
    if (next !== repeat) return setError('The new passwords do not match.')
    setBusy(true)
    setError('')
    const refused = await onChange(current, next)
    setBusy(false)
    if (refused) setError(refused)
  }

  return (
    <Modal title="Change password" onClose={onClose} testId="password">
      <form class="dialog-fields" onSubmit={submit} noValidate>
        <label for={id + 'current'}>Current password</label>
        <input id={id + 'current'} type="password" autocomplete="current-password" value={current} onInput={(ev) => setCurrent(ev.currentTarget.value)} />
        <label for={id + 'next'}>New password</label>
        <input
          id={id + 'next'}
          type="password"
          autocomplete="new-password"
          aria-describedby={id + 'help'}
          value={next}
          onInput={(ev) => setNext(ev.currentTarget.value)}
        />
        <label for={id + 'repeat'}>Repeat the new password</label>
        <input id={id + 'repeat'} type="password" autocomplete="new-password" value={repeat} onInput={(ev) => setRepeat(ev.currentTarget.value)} />
        <p id={id + 'help'} class="help">
          At least {MIN_CHARS} characters. You stay logged in here; your other sessions end.
        </p>
        <FormActions error={error} submit="Change password" disabled={busy || !current} onCancel={onClose} />
      </form>
    </Modal>
  )
}
