import { useEffect, useState } from 'preact/hooks'
import type { AgentSelf } from '../protocol/index.js'
import { fetchMe } from './api.js'
import { Desk } from './components/Desk.js'
import { Login } from './components/Login.js'
import type { SocketLike } from './connection.js'

/** Props of {@link App}: only test seams. */
export interface AppProps {
  fetchImpl?: typeof fetch
  createSocket?: (url: string) => SocketLike
}

type Phase =
  | { kind: 'checking' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'out'; notice?: string }
  /** `epoch` starts the desk over (a new session after a password change); `notice` greets it */
  | { kind: 'in'; me: AgentSelf; epoch: number; notice?: string }

/** The console: asks the relay who is logged in, then shows the login form or the desk. */
export function App({ fetchImpl, createSocket }: AppProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' })

  const check = async () => {
    setPhase({ kind: 'checking' })
    const result = await fetchMe(fetchImpl)
    if (result.ok) setPhase({ kind: 'in', me: result.value, epoch: 0 })
    else if (result.status === 0 || result.status >= 500) setPhase({ kind: 'unreachable', message: result.message })
    else setPhase({ kind: 'out' })
  }
  useEffect(() => void check(), [])

  switch (phase.kind) {
    case 'checking':
      return (
        <p class="splash" role="status">
          Loading…
        </p>
      )
    case 'unreachable':
      return (
        <div class="splash">
          <p role="alert">{phase.message}</p>
          <button type="button" class="button primary" onClick={check}>
            Try again
          </button>
        </div>
      )
    case 'out':
      return <Login notice={phase.notice} fetchImpl={fetchImpl} onLoggedIn={(me) => setPhase({ kind: 'in', me, epoch: 0 })} />
    case 'in':
      return (
        <Desk
          key={phase.epoch}
          me={phase.me}
          notice={phase.notice}
          onRestart={(me, notice) => setPhase({ kind: 'in', me, epoch: phase.epoch + 1, notice })}
          createSocket={createSocket}
          fetchImpl={fetchImpl}
          onLoggedOut={(notice) => setPhase({ kind: 'out', notice })}
        />
      )
  }
}
