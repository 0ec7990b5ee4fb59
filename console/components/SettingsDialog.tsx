import { useEffect, useId, useRef, useState } from 'preact/hooks'
import type { AgentSelf } from '../../protocol/index.js'
import { saveSettings } from '../api.js'
import { useFetch } from '../fetch-context.js'
import type { Action } from '../reducer.js'
import { FormActions } from './FormActions.js'

/** Props of {@link SettingsDialog}. */
export interface SettingsDialogProps {
  me: AgentSelf
  dispatch(action: Action): void
  onClose(): void
}

/** The seed's Settings: display name, maximum simultaneous chats, auto-greetings, sound, notifications. */
export function SettingsDialog({ me, dispatch, onClose }: SettingsDialogProps) {
  const id = useId()
  const fetchImpl = useFetch()
  const ref = useRef<HTMLDialogElement>(null)
  const [displayName, setDisplayName] = useState(me.displayName)
  const [maxChats, setMaxChats] = useState(String(me.maxChats))
  const [greetings, setGreetings] = useState(me.greetings.join('\n'))
  const [sound, setSound] = useState(me.sound)
  const [notifications, setNotifications] = useState(me.notifications)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    const dialog = ref.current
    // A modal dialog traps focus and closes on Escape; `open` is the fallback where showModal is missing.
    if (dialog && !dialog.open) dialog.showModal ? dialog.showModal() : dialog.setAttribute('open', '')
  }, [])

  const save = async (ev: Event) => {
    ev.preventDefault()
    const max = Number(maxChats)
    if (!Number.isInteger(max) || max < 1 || max > 20) return setError('Maximum chats must be a whole number from 1 to 20.')
    if (!displayName.trim()) return setError('Enter the name customers see.')
    setBusy(true)
    setError('')
    const result = await saveSettings(
      {
        displayName: displayName.trim(),
        maxChats: max,
        greetings: greetings
          .split('\n')
          .map((g) => g.trim())
          .filter(Boolean),
        sound,
        notifications
      },
      fetchImpl
    )
    setBusy(false)
    if (!result.ok) return setError(result.message)
    dispatch({ type: 'frame', frame: { type: 'me', me: result.value } })
    onClose()
  }

  return (
    <dialog ref={ref} class="dialog" aria-labelledby={id + 'title'} onClose={onClose} data-testid="settings">
      {/* noValidate: the checks below explain themselves in the dialog, the same in every browser. */}
      <form class="dialog-form" onSubmit={save} noValidate>
        <h2 id={id + 'title'} class="dialog-title">
          Chat settings
        </h2>
        <label for={id + 'name'}>Name shown to customers</label>
        <input id={id + 'name'} value={displayName} maxLength={100} required onInput={(ev) => setDisplayName(ev.currentTarget.value)} />
        <label for={id + 'max'}>Maximum simultaneous chats</label>
        <input id={id + 'max'} type="number" min={1} max={20} required value={maxChats} onInput={(ev) => setMaxChats(ev.currentTarget.value)} />
        <label for={id + 'greetings'}>Auto-greetings</label>
        <textarea
          id={id + 'greetings'}
          rows={4}
          aria-describedby={id + 'greetings-help'}
          value={greetings}
          onInput={(ev) => setGreetings(ev.currentTarget.value)}
        />
        <p id={id + 'greetings-help'} class="help">
          One per line, up to 10. One of them is sent when you answer a chat.
        </p>
        <label class="check">
          <input type="checkbox" checked={sound} onChange={(ev) => setSound(ev.currentTarget.checked)} /> Play a sound for new chats
        </label>
        <label class="check">
          <input type="checkbox" checked={notifications} onChange={(ev) => setNotifications(ev.currentTarget.checked)} /> Show desktop notifications
        </label>
        <FormActions error={error} submit="Save" disabled={busy} onCancel={onClose} />
      </form>
    </dialog>
  )
}
