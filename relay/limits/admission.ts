// Admission of WebSockets: at most `maxSocketsPerIp` open at once from one address. Runs before the
// upgrade, so a refused socket costs an HTTP 429 and nothing more.
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ERR_RATE_LIMITED } from '../errors.js'

/** preValidation hook of the socket routes: 429 past the per-IP limit, else counts the socket until its TCP connection closes. */
export async function admitSocket(this: FastifyInstance, req: FastifyRequest) {
  const { limits } = this.parley
  const ip = req.ip
  if (!limits.openSocket(ip)) throw new ERR_RATE_LIMITED('Too many connections from your network')
  // The TCP connection is the socket: it closes however the upgrade or the WebSocket ends. `on`, not
  // `once`: a TCP socket closes once, and once's wrapper would cost every idle socket ~100 B more.
  req.raw.socket.on('close', () => limits.closeSocket(ip))
}
