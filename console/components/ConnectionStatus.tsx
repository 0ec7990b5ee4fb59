import type { ConnStatus } from '../reducer.js'
import { useNow } from '../use-now.js'

/** Props of {@link ConnectionStatus}. */
export interface ConnectionStatusProps {
  status: ConnStatus
  /** ms since epoch of the next attempt while offline */
  retryAt?: number
  onRetry(): void
}

/** Online, connecting, or offline with a countdown and "Reconnect now". */
export function ConnectionStatus({ status, retryAt, onRetry }: ConnectionStatusProps) {
  const now = useNow(1000, status === 'offline')
  const seconds = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0
  return (
    <div class={'conn conn-' + status} data-testid="connection">
      <span class="conn-dot" aria-hidden="true" />
      <span role="status">{status === 'online' ? 'Online' : status === 'connecting' ? 'Connecting…' : 'Offline, retrying in ' + seconds + ' s'}</span>
      {status === 'offline' && (
        <button type="button" class="link-button" onClick={onRetry}>
          Reconnect now
        </button>
      )}
    </div>
  )
}
