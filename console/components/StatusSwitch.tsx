import { useId } from 'preact/hooks'

/** Props of {@link StatusSwitch}. */
export interface StatusSwitchProps {
  on: boolean
  /** while the socket is down the relay cannot be told */
  disabled?: boolean
  onChange(on: boolean): void
}

/** The seed's On/Off: a labelled `role="switch"` button named "Chat". */
export function StatusSwitch({ on, disabled, onChange }: StatusSwitchProps) {
  const id = useId()
  return (
    <div class={'status' + (on ? ' is-on' : '')}>
      <span id={id} class="status-label">
        Chat
      </span>
      <span class="status-state" aria-hidden="true">
        {on ? 'On' : 'Off'}
      </span>
      <button
        type="button"
        role="switch"
        class="switch"
        aria-checked={on ? 'true' : 'false'}
        aria-labelledby={id}
        data-testid="status-switch"
        disabled={disabled}
        onClick={() => onChange(!on)}
      >
        <span class="switch-knob" aria-hidden="true" />
      </button>
    </div>
  )
}
