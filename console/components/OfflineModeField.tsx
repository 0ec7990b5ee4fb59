import { useId } from 'preact/hooks'
import type { OfflineMode } from '../../protocol/index.js'

/** Props of {@link OfflineModeField}. */
export interface OfflineModeFieldProps {
  mode: OfflineMode
  onChange(mode: OfflineMode): void
}

const MODES: [OfflineMode, string, string][] = [
  ['hide', 'Hide the chat button', 'Customers see nothing until an agent switches chat on.'],
  ['disabled', 'Show the chat button greyed out', 'Customers see that chat exists but is closed right now.'],
  ['form', 'Offer a leave-a-message form', 'Customers leave their name, email and message; each becomes a ticket in Tickets.']
]

/** What customers get while no agent is online (or outside business hours): the seed hides the chat; a form turns messages into tickets. */
export function OfflineModeField({ mode, onChange }: OfflineModeFieldProps) {
  const id = useId()
  return (
    <fieldset class="fieldset" data-testid="offline-mode">
      <legend>When no agent is online</legend>
      <div class="choices">
        {MODES.map(([value, label, help]) => (
          <label key={value} class="choice">
            <input
              type="radio"
              class="option-input"
              name={id + 'mode'}
              value={value}
              checked={mode === value}
              aria-describedby={id + value}
              onChange={() => onChange(value)}
            />
            <span>
              <span class="choice-label">{label}</span>
              <span id={id + value} class="help block">
                {help}
              </span>
            </span>
          </label>
        ))}
      </div>
    </fieldset>
  )
}
