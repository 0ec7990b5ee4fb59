// Which pages may talk to the relay. Browsers send `Origin` on WebSocket upgrades and on every
// state-changing request, and a page cannot forge it; other clients can send anything, so a missing
// Origin is not refused (it proves nothing either way) but a wrong one always is. This stops
// cross-site WebSocket hijacking of the agent socket, CSRF on the API, and strangers' sites
// embedding the customer socket.
import type { FastifyRequest } from 'fastify'
import type { RelayConfig } from '../config.js'
import { ERR_FORBIDDEN } from '../errors.js'

/** A parsed entry of `allowedOrigins`: `*`, an exact origin, or `scheme://*.domain[:port]`. */
export type OriginPattern = { any: true } | { any: false; scheme: string; host: string; port: string; subdomains: boolean }

/** Parses one `allowedOrigins` entry. Throws a readable Error on anything else. */
export const parseOriginPattern = (pattern: string): OriginPattern => {
  if (pattern === '*') return { any: true }
  const m = /^(https?):\/\/(\*\.)?([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/i.exec(pattern)
  if (!m) throw new Error(`config allowedOrigins: "${pattern}" is not an origin such as https://shop.example.com or https://*.example.com`)
  const scheme = m[1]!.toLowerCase()
  const port = m[4] && m[4] !== (scheme === 'https' ? '443' : '80') ? m[4] : ''
  return { any: false, scheme, host: m[3]!.toLowerCase(), port, subdomains: Boolean(m[2]) }
}

/** The normalised origin (`scheme://host[:port]`) of an Origin header, or undefined for `null` and junk. */
export const normalizeOrigin = (origin: string): string | undefined => {
  try {
    const u = new URL(origin)
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined
    return u.origin
  } catch {
    return undefined
  }
}

const matches = (p: OriginPattern, origin: string): boolean => {
  if (p.any) return true
  const u = new URL(origin)
  if (u.protocol !== p.scheme + ':' || u.port !== p.port) return false
  const host = u.hostname.toLowerCase()
  return host === p.host || (p.subdomains && host.endsWith('.' + p.host))
}

/**
 * The relay's own origin for this request: `publicUrl` when configured, else the scheme and Host
 * the request arrived with (X-Forwarded-* only from `trustedProxies`).
 */
export const ownOrigin = (req: FastifyRequest, config: Readonly<RelayConfig>): string | undefined =>
  normalizeOrigin(config.publicUrl || `${req.protocol}://${req.host}`)

/** Whether the request's Origin (when sent) is the relay's own. */
export const isSameOrigin = (req: FastifyRequest, config: Readonly<RelayConfig>): boolean => {
  const origin = req.headers.origin
  if (origin === undefined) return req.headers['sec-fetch-site'] !== 'cross-site'
  const mine = ownOrigin(req, config)
  return mine !== undefined && normalizeOrigin(origin) === mine
}

// Parsed once per list: the config's list never changes, and the console's saved list is a new
// array only when it is read again (see allowedOrigins below).
const parsed = new WeakMap<readonly string[], OriginPattern[]>()
const patternsOf = (list: readonly string[]): OriginPattern[] => {
  let p = parsed.get(list)
  if (!p) {
    // A saved entry was checked when it was saved; one that no longer parses matches nothing.
    p = list.flatMap((o) => {
      try {
        return [parseOriginPattern(o)]
      } catch {
        return []
      }
    })
    parsed.set(list, p)
  }
  return p
}

/**
 * Whether the request's Origin (when sent) is the relay's own or on one of `lists` (the config's
 * `allowedOrigins` and the ones admins saved in the console's site settings).
 */
export const isAllowedOrigin = (req: FastifyRequest, config: Readonly<RelayConfig>, ...lists: readonly (readonly string[])[]): boolean => {
  if (isSameOrigin(req, config)) return true
  const normal = req.headers.origin === undefined ? undefined : normalizeOrigin(req.headers.origin)
  return normal !== undefined && [config.allowedOrigins, ...lists].some((list) => patternsOf(list).some((p) => matches(p, normal)))
}

/**
 * Whether the request's Origin may use the customer side (socket, uploads, CORS): the relay's own,
 * `PARLEY_ALLOWED_ORIGINS`, or an origin saved in the console's site settings. The saved list is
 * read on every call, so an admin's change applies to the next request without a restart.
 */
export const originAllowed = async (
  req: FastifyRequest,
  parley: { config: Readonly<RelayConfig>; hub: { site(): Promise<{ allowedOrigins: string[] }> } }
): Promise<boolean> => isSameOrigin(req, parley.config) || isAllowedOrigin(req, parley.config, savedList(await parley.hub.site()))

// The same saved list read twice is the same array here, so its parsed patterns are reused.
let lastSaved: readonly string[] = []
const savedList = (site: { allowedOrigins: string[] }): readonly string[] => {
  const next = site.allowedOrigins
  if (next.length !== lastSaved.length || next.some((o, i) => o !== lastSaved[i])) lastSaved = Object.freeze([...next])
  return lastSaved
}

/** The one answer to a page the relay does not serve (403 `forbidden`). */
export const refuseOrigin = (): never => {
  throw new ERR_FORBIDDEN('This origin may not use the relay')
}

/** preValidation hook: 403 (before any WebSocket upgrade) unless the Origin is the relay's own. */
export async function sameOriginOnly(this: import('fastify').FastifyInstance, req: FastifyRequest) {
  if (!isSameOrigin(req, this.parley.config)) return refuseOrigin()
}

/** preValidation hook: 403 (before any WebSocket upgrade) unless the Origin is allowed to embed the widget. */
export async function allowedOriginOnly(this: import('fastify').FastifyInstance, req: FastifyRequest) {
  if (!(await originAllowed(req, this.parley))) return refuseOrigin()
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

declare module 'fastify' {
  interface FastifyContextConfig {
    /** 'allowed': a route that widgets on allowed sites call; it checks `allowedOrigins` itself instead of the same-origin rule */
    origin?: 'allowed'
  }
}

/**
 * onRequest hook for the whole app: every state-changing request must come from the relay's own
 * pages (no CSRF), unless its route declares `config: { origin: 'allowed' }`.
 */
export async function csrfGuard(this: import('fastify').FastifyInstance, req: FastifyRequest) {
  if (!STATE_CHANGING.has(req.method)) return
  if (req.routeOptions.config?.origin === 'allowed') return
  if (!isSameOrigin(req, this.parley.config)) return refuseOrigin()
}
