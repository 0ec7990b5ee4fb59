// The relay's HTTP API for agents (same origin, session cookie): who am I, log in and out, chats,
// tickets, text modules, uploads, and for admins the agents and the site settings.
import {
  parseRelayToAgent,
  type AgentAccount,
  type AgentSelf,
  type AgentSettings,
  type ArchivePage,
  type ChatDetails,
  type ChatPatch,
  type ChatSummary,
  type ImageMime,
  type ImagePart,
  type SiteSettings,
  type TextModule,
  type Ticket
} from '../protocol/index.js'
import type { TagCount } from './tag-suggestions.js'

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
  // 204 answers carry no body; their value is never read.
  if (res.ok && (res.status === 204 || (body !== null && typeof body === 'object'))) return { ok: true, value: body as T }
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

/** `GET /api/tags`: the tags chats carry, with how many each, most used first. */
export const fetchTags = async (fetchImpl: typeof fetch = fetch): Promise<ApiResult<TagCount[]>> =>
  map(await call<{ tags: TagCount[] }>(fetchImpl, 'GET', '/api/tags'), (b) => b.tags)

/**
 * `GET /api/archive?q=`: a page of chats matching `q`, or of the most recent ones when `q` is blank;
 * `cursor` (a page's `next`) asks for the page after it.
 */
export const searchArchive = async (q: string, fetchImpl: typeof fetch = fetch, cursor?: string): Promise<ApiResult<ArchivePage>> =>
  call<ArchivePage>(fetchImpl, 'GET', '/api/archive?q=' + encodeURIComponent(q) + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''))

/** `POST /api/chats/:id/ticket`: Turn chat into ticket (at most one per chat; the second call returns it). */
export const createTicket = async (chatId: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<Ticket>> =>
  map(await call<{ ticket: Ticket }>(fetchImpl, 'POST', '/api/chats/' + encodeURIComponent(chatId) + '/ticket'), (b) => b.ticket)

/** `GET /api/tickets/:id`: one ticket. */
export const fetchTicket = async (ticketId: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<Ticket>> =>
  map(await call<{ ticket: Ticket }>(fetchImpl, 'GET', '/api/tickets/' + encodeURIComponent(ticketId)), (b) => b.ticket)

/** `GET /api/tickets`: every ticket (open and closed), newest first. */
export const fetchTickets = async (fetchImpl: typeof fetch = fetch): Promise<ApiResult<Ticket[]>> =>
  map(await call<{ tickets: Ticket[] }>(fetchImpl, 'GET', '/api/tickets'), (b) => b.tickets)

/** `PATCH /api/tickets/:id`: closes or reopens a ticket. */
export const setTicketStatus = async (ticketId: string, status: Ticket['status'], fetchImpl: typeof fetch = fetch): Promise<ApiResult<Ticket>> =>
  map(await call<{ ticket: Ticket }>(fetchImpl, 'PATCH', '/api/tickets/' + encodeURIComponent(ticketId), { status }), (b) => b.ticket)

/** `POST /api/tickets/:id/webhook`: sends a ticket to the help desk again after a failed delivery (409 without a help desk or once delivered). */
export const retryDelivery = async (ticketId: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<Ticket>> =>
  map(await call<{ ticket: Ticket }>(fetchImpl, 'POST', '/api/tickets/' + encodeURIComponent(ticketId) + '/webhook'), (b) => b.ticket)

/** What a text module is made of when saved. */
export type TextModuleInput = Pick<TextModule, 'name' | 'keywords' | 'content'>

/** `POST /api/text-modules` (admins): a new text module. */
export const createTextModule = async (input: TextModuleInput, fetchImpl: typeof fetch = fetch): Promise<ApiResult<TextModule>> =>
  map(await call<{ module: TextModule }>(fetchImpl, 'POST', '/api/text-modules', input), (b) => b.module)

/** `PUT /api/text-modules/:id` (admins): changes a text module. */
export const updateTextModule = async (id: string, input: TextModuleInput, fetchImpl: typeof fetch = fetch): Promise<ApiResult<TextModule>> =>
  map(await call<{ module: TextModule }>(fetchImpl, 'PUT', '/api/text-modules/' + encodeURIComponent(id), input), (b) => b.module)

/** `DELETE /api/text-modules/:id` (admins). */
export const deleteTextModule = async (id: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<unknown>> =>
  call<unknown>(fetchImpl, 'DELETE', '/api/text-modules/' + encodeURIComponent(id))

/** `GET /api/agents` (admins): every account. */
export const fetchAgents = async (fetchImpl: typeof fetch = fetch): Promise<ApiResult<AgentAccount[]>> =>
  map(await call<{ agents: AgentAccount[] }>(fetchImpl, 'GET', '/api/agents'), (b) => b.agents)

/** A new account as `POST /api/agents` takes it. */
export interface NewAgent {
  name: string
  email: string
  /** at least 8 characters */
  password: string
  role: AgentAccount['role']
}

/** `POST /api/agents` (admins): adds an agent. */
export const addAgent = async (agent: NewAgent, fetchImpl: typeof fetch = fetch): Promise<ApiResult<AgentAccount>> =>
  map(await call<{ agent: AgentAccount }>(fetchImpl, 'POST', '/api/agents', agent), (b) => b.agent)

/** What `PATCH /api/agents/:id` changes: role, disabled, or a new password (which ends their sessions). */
export type AgentPatch = Partial<Pick<AgentAccount, 'name' | 'displayName' | 'role' | 'disabled'>> & { password?: string }

/** `PATCH /api/agents/:id` (admins). */
export const patchAgent = async (id: string, patch: AgentPatch, fetchImpl: typeof fetch = fetch): Promise<ApiResult<AgentAccount>> =>
  map(await call<{ agent: AgentAccount }>(fetchImpl, 'PATCH', '/api/agents/' + encodeURIComponent(id), patch), (b) => b.agent)

/** The site settings as admins read them, and whether the relay can send email (transcripts). */
export interface SiteAnswer {
  site: SiteSettings
  /** false when PARLEY_SMTP_URL or PARLEY_MAIL_FROM is missing; unset from a relay that does not say */
  mail?: boolean
}

/** `GET /api/site` (admins): the site settings. */
export const fetchSite = (fetchImpl: typeof fetch = fetch): Promise<ApiResult<SiteAnswer>> => call<SiteAnswer>(fetchImpl, 'GET', '/api/site')

/** `PUT /api/site` (admins): saves the site settings. */
export const saveSite = (site: SiteSettings, fetchImpl: typeof fetch = fetch): Promise<ApiResult<SiteAnswer>> =>
  call<SiteAnswer>(fetchImpl, 'PUT', '/api/site', site)

/** `POST /api/password`: changes the agent's own password; every session ends, this browser gets a new one. */
export const changePassword = async (current: string, next: string, fetchImpl: typeof fetch = fetch): Promise<ApiResult<AgentSelf>> =>
  map(await call<{ me: AgentSelf }>(fetchImpl, 'POST', '/api/password', { current, next }), (b) => b.me)

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
