import type { ComponentChildren } from 'preact'
import { useEffect, useId, useRef } from 'preact/hooks'

/** Props of {@link Modal}. */
export interface ModalProps {
  title: string
  /** Escape, Close and the backdrop call it */
  onClose(): void
  testId?: string
  children: ComponentChildren
}

/** A modal dialog with a heading: traps focus, closes on Escape (`open` is the fallback where showModal is missing). */
export function Modal({ title, onClose, testId, children }: ModalProps) {
  const id = useId()
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal ? dialog.showModal() : dialog.setAttribute('open', '')
  }, [])
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={id} onClose={onClose} data-testid={testId}>
      <div class="dialog-form">
        <h2 id={id} class="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </dialog>
  )
}
