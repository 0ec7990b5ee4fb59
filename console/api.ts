// The relay's HTTP API for agents (same origin, session cookie): who am I, log in, log out.
import {
  parseRelayToAgent,
  type AgentSelf,
  type AgentSettings,
  type ArchiveHit,
  type ChatDetails,
  type ChatPatch,
  type ChatSummary,
  type ImageMime,
  type ImagePart,
  type TextModule,
  type Ticket
} from '../protocol/index.js'

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

/** Reads a JSON answer: the body on 2xx, else the relay's `{ message }`. */
const readJson = async <T>(res: Response): Promise<ApiResult<T>> => {
  const body: unknown = await res.json().catch(() => null)
  if (res.ok && body !== null && typeof body === 'object') return { ok: true, value: body as T }
  const message = (body as { message?: unknown } | null)?.message
  return { ok: false, status: res.status, message: typeof message === 'string' ? message : 'Request failed (' + res.status + ')' }
}

/**
 * One JSON request to the relay's agent API (same origin, session cookie). Bodies are trusted as
 * typed: they come from our own relay, and the console renders every string as text.
 */
const call = async <T>(fetchImpl: typeof fetch, method: string, path: string, body?: unknown): Promise<ApiResult<T>> => {
  try {
    const init: RequestInit = { method, credentials: 'same-origin' }
    if (body !== undefined) {
      init.headers = { 'content-type': 'application/json' }
      init.body = JSON.stringify(body)
    }
    return await readJson<T>(await fetchImpl(path, init))
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE }
  }
}

const map = <T, U>(r: ApiResult<T>, f: (v: T) => U): ApiResult<U> => (r.ok ? { ok: true, value: f(r.value) } : r)

/** `PUT /api/me/settings`: saves the agent's own settings (the seed's Settings) and returns the agent. */
export const saveSettings = async (settings: AgentSettings, fetchImpl: typeof fetch = fetch): Promise<ApiResult<AgentSelf>> =>
  map(await call<{ me: AgentSelf }>(fetchImpl, 'PUT', '/api/me/settings', settings), (b) => b.me)

/** `GET /api/chats/:id`: a chat with its technical details and whole transcript. */
export const fetchChat = (chatId: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<ChatDetails>> =>
  call<ChatDetails>(fetchImpl, 'GET', '/api/chats/' + encodeURIComponent(chatId))

/** `PATCH /api/chats/:id`: renames or tags a chat. */
export const patchChat = async (chatId: string, patch: ChatPatch, fetchImpl: typeof fetch = fetch): Promise<ApiResult<ChatSummary>> =>
  map(await call<{ chat: ChatSummary }>(fetchImpl, 'PATCH', '/api/chats/' + encodeURIComponent(chatId), patch), (b) => b.chat)

/** `GET /api/archive?q=`: chats matching `q`, or the most recent ones when `q` is blank. */
export const searchArchive = async (q: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<ArchiveHit[]>> =>
  map(await call<{ hits: ArchiveHit[] }>(fetchImpl, 'GET', '/api/archive?q=' + encodeURIComponent(q)), (b) => b.hits)

/** `POST /api/chats/:id/ticket`: Turn chat into ticket (at most one per chat; the second call returns it). */
export const createTicket = async (chatId: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<Ticket>> =>
  map(await call<{ ticket: Ticket }>(fetchImpl, 'POST', '/api/chats/' + encodeURIComponent(chatId) + '/ticket'), (b) => b.ticket)

/** `GET /api/tickets/:id`: one ticket. */
export const fetchTicket = async (ticketId: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<Ticket>> =>
  map(await call<{ ticket: Ticket }>(fetchImpl, 'GET', '/api/tickets/' + encodeURIComponent(ticketId)), (b) => b.ticket)

/** `GET /api/text-modules`: the canned replies. */
export const fetchTextModules = async (fetchImpl: typeof fetch = fetch): Promise<ApiResult<TextModule[]>> =>
  map(await call<{ modules: TextModule[] }>(fetchImpl, 'GET', '/api/text-modules'), (b) => b.modules)

/**
 * `POST /api/uploads`: stores a pasted image in an active chat of this agent (session cookie plus
 * `x-parley-chat`; the relay checks the bytes) and returns the part to send.
 */
export const uploadImage = async (chatId: string, image: Blob, fetchImpl: typeof fetch = fetch): Promise<ApiResult<ImagePart>> => {
  try {
    const res = await fetchImpl('/api/uploads', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': image.type || 'application/octet-stream', 'x-parley-chat': chatId },
      body: image
    })
    const r = await readJson<{ id: string; mime: ImageMime; width: number; height: number }>(res)
    return map(r, (b) => ({ type: 'image', id: b.id, mime: b.mime, width: b.width, height: b.height }))
  } catch {
    return { ok: false, status: 0, message: UNREACHABLE }
  }
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
