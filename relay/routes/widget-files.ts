// The widget's files served as a CDN would: each precompressed at build time (`.br`, `.gz` beside
// it) and picked by the request's Accept-Encoding; readable by any site (CORS, CORP cross-origin).
//   parley-(chat|forms|images|store|sound)-<hash>.js, parley-<lang>-<hash>.json   content-hashed: cached for a year, immutable
//   parley.js, parley.mjs, parley.d.ts, parley-<lang>.json  fixed names: cached WIDGET_MAX_AGE_S,
//     then revalidated against a strong ETag made from the content (the same on every node and
//     every rebuild of the same source, unlike a size-and-mtime one).
import type { FastifyReply, FastifyRequest } from 'fastify'
import { createHash } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { ERR_NOT_FOUND } from '../errors.js'

/** How long a browser keeps a file with a fixed name before asking again (seconds). */
export const WIDGET_MAX_AGE_S = 300

/** `public, max-age=31536000, immutable`: what content-hashed files are sent with. */
export const IMMUTABLE = 'public, max-age=31536000, immutable'

// Names the relay serves, and nothing else reaches the file system.
const NAMES = /^parley(\.js|\.mjs|\.d\.ts|-[a-z]{2,3}\.json|-[a-z]{2,3}-\w{10}\.json|-(chat|forms|images|store|sound)-\w{8,}\.js)$/
const HASHED = /-\w{8,}\.js$|-\w{10}\.json$/
const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ts: 'text/plain; charset=utf-8'
}

interface Variant {
  body: Buffer
  etag: string
}
interface Entry {
  mtimeMs: number
  /** by encoding: '' (identity), 'br', 'gzip' */
  variants: Record<string, Variant>
}

/** The encoding to send for `accept` (an Accept-Encoding header) among `have`: br, then gzip, else identity. */
export const pickEncoding = (accept: string | undefined, have: Record<string, unknown>): string => {
  const wants = (coding: string) =>
    (accept ?? '').split(',').some((part) => {
      const [name, ...params] = part.trim().split(';')
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
      return (name === coding || name === '*') && (!q || Number(q.slice(2)) > 0)
    })
  return ['br', 'gzip'].find((c) => have[c] && wants(c)) ?? ''
}

/** A request handler for `GET /<name>` of the widget's files in `distDir` (404 for any other name). */
export const widgetFiles = (distDir: string) => {
  const cache = new Map<string, Entry>()
  const load = async (name: string): Promise<Entry | undefined> => {
    const path = join(distDir, name)
    const info = await stat(path).catch(() => undefined)
    if (!info) return undefined
    const known = cache.get(name)
    if (known?.mtimeMs === info.mtimeMs) return known
    const raw = await readFile(path)
    const tag = createHash('sha256').update(raw).digest('base64url').slice(0, 27)
    const variants: Record<string, Variant> = { '': { body: raw, etag: `"${tag}"` } }
    for (const [coding, ext] of [
      ['br', '.br'],
      ['gzip', '.gz']
    ] as const) {
      const body = await readFile(path + ext).catch(() => undefined)
      // Each encoding is its own representation, so its own strong validator.
      if (body) variants[coding] = { body, etag: `"${tag}-${coding}"` }
    }
    const entry = { mtimeMs: info.mtimeMs, variants }
    cache.set(name, entry)
    return entry
  }

  return async (req: FastifyRequest, reply: FastifyReply, name: string) => {
    const entry = NAMES.test(name) ? await load(name) : undefined
    if (!entry) throw new ERR_NOT_FOUND('File')
    const coding = pickEncoding(req.headers['accept-encoding'], entry.variants)
    const { body, etag } = entry.variants[coding]!
    reply
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('vary', 'Accept-Encoding')
      .header('cache-control', HASHED.test(name) ? IMMUTABLE : `public, max-age=${WIDGET_MAX_AGE_S}`)
      .header('etag', etag)
      .type(TYPES[name.slice(name.lastIndexOf('.') + 1)]!)
    if (coding) reply.header('content-encoding', coding)
    const match = req.headers['if-none-match']
    if (match?.split(',').some((t) => t.trim() === etag || t.trim() === '*')) return reply.code(304).send()
    return reply.send(body)
  }
}
