import { useEffect } from 'preact/hooks'
import type { Toast } from '../reducer.js'

/** How long a toast stays unless dismissed (ms). */
const TOAST_MS = 8000

/** Props of {@link Toasts}. */
export interface ToastsProps {
  toasts: Toast[]
  onDismiss(id: number): void
}

function ToastItem({ toast, onDismiss }: { toast: Toast; onDismiss(id: number): void }) {
  useEffect(() => {
    const timer = setTimeout(() => onDismiss(toast.id), TOAST_MS)
    return () => clearTimeout(timer)
  }, [toast.id])
  return (
    <div class={'toast' + (toast.tone ? ' is-' + toast.tone : '')} role={toast.tone ? 'status' : 'alert'} data-testid="toast">
      <span class="toast-text">{toast.text}</span>
      <button type="button" class="toast-close" aria-label="Dismiss" onClick={() => onDismiss(toast.id)}>
        ×
      </button>
    </div>
  )
}

/** Errors and notices for the agent, stacked at the bottom right. */
export function Toasts({ toasts, onDismiss }: ToastsProps) {
  return (
    <div class="toasts">
      {toasts.map((t) => (
        <ToastItem key={t.id} toast={t} onDismiss={onDismiss} />
      ))}
    </div>
  )
}
