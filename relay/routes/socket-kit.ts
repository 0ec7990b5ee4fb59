// What both socket adapters share: framing, ordered handling, error frames, the hello deadline.
import type { FastifyBaseLogger } from 'fastify'
import type { WebSocket, RawData } from 'ws'
import { CLOSE, type ErrorCode } from '../../protocol/index.js'
import { toWireError } from '../errors.js'

/** Malformed frames a socket may send before it is closed with CLOSE.protocol. */
export const MAX_BAD_FRAMES = 10

/** Serialises and sends a frame if the socket is still open. */
export const sendFrame = (socket: WebSocket, frame: object): void => {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame))
}

/** An `error` frame for `err`; unexpected errors are logged and answered as `internal`. */
export const errorFrame = (err: unknown, log: FastifyBaseLogger, ref?: string) => {
  const wire = toWireError(err)
  if (!wire) log.error({ err }, 'unexpected error handling a frame')
  const frame: { type: 'error'; code: ErrorCode; message: string; ref?: string } = wire
    ? { type: 'error', code: wire.code, message: wire.message }
    : { type: 'error', code: 'internal', message: 'Something went wrong on our side' }
  if (ref !== undefined) frame.ref = ref
  return frame
}

/** Text of a frame, or undefined for binary frames (the protocol is JSON text only). */
export const frameText = (data: RawData, isBinary: boolean): string | undefined =>
  isBinary ? undefined : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8')

/**
 * Runs `handle` for each frame strictly in arrival order (handlers are async; a message's seq must
 * follow the order the client sent them), and closes the socket if no hello arrives in time.
 */
export const frameLoop = (socket: WebSocket, helloTimeoutMs: number, handle: (data: RawData, isBinary: boolean) => Promise<void>) => {
  let chain = Promise.resolve()
  const deadline = setTimeout(() => socket.close(CLOSE.protocol, 'hello expected'), helloTimeoutMs)
  socket.on('message', (data, isBinary) => {
    chain = chain.then(() => handle(data, isBinary))
  })
  socket.on('close', () => clearTimeout(deadline))
  return { helloed: () => clearTimeout(deadline) }
}
