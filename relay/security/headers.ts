// Security headers (@fastify/helmet). The console and the API get a strict CSP: only the relay's
// own scripts, styles and connections, images also from blob: and data: (pasted images before
// upload), no inline code, never framed. Two kinds of routes differ:
//   - /parley.js and its companions are embedded by strangers' pages: Cross-Origin-Resource-Policy: cross-origin.
//   - the demo shop plays a stranger's site: it sets its own policy (none), not the console's.
// Uploaded images set their own headers (routes/upload-routes.ts).
import helmet from '@fastify/helmet'
import type { FastifyInstance, RouteOptions } from 'fastify'
import type { IncomingMessage } from 'node:http'

// 'self' covers ws: and wss: of the same host in CSP 3, but older engines (Safari before 15.4)
// need the WebSocket origins spelt out. Only a well-formed Host is echoed.
const sockets = (req: IncomingMessage): string => {
  const host = req.headers.host ?? ''
  return /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(:\d{1,5})?$/i.test(host) ? `ws://${host} wss://${host}` : "'self'"
}

/** The console's and API's Content-Security-Policy directives. */
export const STRICT_CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'blob:', 'data:'],
  connectSrc: ["'self'", sockets],
  fontSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"]
}

const OWN = ['/console', '/api/', '/ws/', '/uploads/', '/healthz']
const WIDGET_FILES = ['/parley.js', '/parley.mjs', '/parley.d.ts', '/parley-:lang.json']

/** Per-route helmet options: the widget script and the demo shop are embedded or are "another site". */
const routeHelmet = (route: RouteOptions & { helmet?: unknown }) => {
  if (route.helmet !== undefined) return
  if (WIDGET_FILES.includes(route.url)) route.helmet = { contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } }
  else if (!OWN.some((p) => route.url.startsWith(p))) route.helmet = { contentSecurityPolicy: false }
}

/** Registers helmet for every route. Call before any route is added. */
export const securityHeaders = async (app: FastifyInstance) => {
  // Before helmet's own onRoute hook, which reads `route.helmet`.
  app.addHook('onRoute', routeHelmet)
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    // Site owners may serve other things on sibling subdomains over plain http.
    strictTransportSecurity: { maxAge: 180 * 24 * 3600, includeSubDomains: false }
  })
}
