import { SHORTCUTS } from '../shortcuts.js'
import { Modal } from './Modal.js'

/** Props of {@link ShortcutsDialog}. */
export interface ShortcutsDialogProps {
  onClose(): void
}

/** The keyboard shortcuts, listed (opened from the agent's menu or with `?`). */
export function ShortcutsDialog({ onClose }: ShortcutsDialogProps) {
  return (
    <Modal title="Keyboard shortcuts" onClose={onClose} testId="shortcuts">
      <dl class="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <div key={keys} class="shortcut">
            <dt>
              {keys.split(' ').map((k, i) => (
                <kbd key={i}>{k}</kbd>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <div class="dialog-actions">
        <button type="button" class="button primary" onClick={onClose}>
          Close
        </button>
      </div>
    </Modal>
  )
}
