import { useId, useState } from 'preact/hooks'
import type { AgentSelf } from '../../protocol/index.js'
import { login } from '../api.js'

/** Props of {@link Login}. */
export interface LoginProps {
  /** called with the agent once the relay accepted the credentials */
  onLoggedIn(me: AgentSelf): void
  /** why the agent is here again, e.g. "Your session has ended" */
  notice?: string
  /** default: the browser's fetch */
  fetchImpl?: typeof fetch
}

/** The login form: Email, Password, "Log in"; the relay's error message is shown as an alert. */
export function Login({ onLoggedIn, notice, fetchImpl }: LoginProps) {
  const id = useId()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const submit = async (ev: Event) => {
    ev.preventDefault()
    setBusy(true)
    setError('')
    const result = await login(email.trim(), password, fetchImpl)
    setBusy(false)
    if (result.ok) onLoggedIn(result.value)
    else setError(result.message)
  }

  return (
    <main class="login">
      <form class="login-card" aria-labelledby={id + 'title'} onSubmit={submit} data-testid="login-form">
        <h1 id={id + 'title'} class="login-title">
          <span class="logo" aria-hidden="true" /> Parley
        </h1>
        <p class="login-lead">Log in to answer your customers.</p>
        {notice && (
          <p class="login-notice" role="status">
            {notice}
          </p>
        )}
        <label for={id + 'email'}>Email</label>
        <input id={id + 'email'} type="email" name="email" autocomplete="username" required value={email} onInput={(ev) => setEmail(ev.currentTarget.value)} />
        <label for={id + 'password'}>Password</label>
        <input
          id={id + 'password'}
          type="password"
          name="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(ev) => setPassword(ev.currentTarget.value)}
        />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  )
}
