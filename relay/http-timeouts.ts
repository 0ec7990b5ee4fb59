// How long the HTTP server waits for slow clients. Node's defaults let a client hold a connection
// for a minute while sending its headers a byte at a time (slowloris), and check only every 30 s;
// forty such clients hold forty sockets. These bounds come from the configuration table.
import type { ServerOptions } from 'node:http'
import type { RelayConfig } from './config.js'

/** Fastify options that bound headers, whole requests and idle keep-alive connections. */
export const httpTimeouts = (config: RelayConfig): { http: ServerOptions; requestTimeout: number; keepAliveTimeout: number } => ({
  http: {
    headersTimeout: config.headersTimeoutMs,
    requestTimeout: config.requestTimeoutMs,
    // Node enforces the two timeouts above only when it sweeps its connections: sweep often enough
    // that a slow client is cut off close to its deadline (at most a second late).
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(config.headersTimeoutMs / 2)))
  },
  requestTimeout: config.requestTimeoutMs,
  keepAliveTimeout: config.keepAliveTimeoutMs
})
