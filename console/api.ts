// The relay's HTTP API for agents (same origin, session cookie): who am I, log in, log out.
import { parseRelayToAgent, type AgentSelf } from '../protocol/index.js'

/** An API answer: the value, or the HTTP status (0 when the relay was unreachable) and a message. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; status: number; message: string }

/** Shown when fetch itself fails. */
const UNREACHABLE = 'Cannot reach the server. Check your connection and try again.'

/** Reads `{ me }` from a 200 answer with the shared guard, or the `{ message }` of an error answer. */
const readMe = async (res: Response): Promise<ApiResult<AgentSelf>> => {
  const body: unknown = await res.json().catch(() => null)
  if (res.ok) {
    // The guard of the `me` frame validates exactly the AgentSelf the API returns.
    const parsed = parseRelayToAgent({ type: 'me', me: (body as { me?: unknown } | null)?.me })
    if (parsed.ok && parsed.value.type === 'me') return { ok: true, value: parsed.value.me }
    return { ok: false, status: res.status, message: 'The server sent an unexpected answer.' }
  }
  const message = (body as { message?: unknown } | null)?.message
  return { ok: false, status: res.status, message: typeof message === 'string' ? message : 'Request failed (' + res.status + ')' }
}

/** `GET /api/me`: the logged-in agent, or status 401 when there is no session. */
export const fetchMe = async (fetchImpl: typeof fetch = fetch): Promise<ApiResult<AgentSelf>> => {
  try {
    return await readMe(await fetchImpl('/api/me', { credentials: 'same-origin' }))
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE }
  }
}

/** `POST /api/login`: starts a session (HttpOnly cookie) and returns the agent. */
export const login = async (email: string, password: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<AgentSelf>> => {
  try {
    const res = await fetchImpl('/api/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password })
    })
    return await readMe(res)
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE }
  }
}

/** `POST /api/logout`: ends the session; resolves whether or not the relay was reachable. */
export const logout = async (fetchImpl: typeof fetch = fetch): Promise<void> => {
  try {
    await fetchImpl('/api/logout', { method: 'POST', credentials: 'same-origin' })
  } catch {
    // Offline: the console still forgets the agent; the cookie expires on the relay's schedule.
  }
}
