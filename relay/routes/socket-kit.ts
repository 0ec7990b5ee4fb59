// What both socket adapters share: framing, ordered handling, error frames, the hello deadline,
// per-socket rate limits and backpressure.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket, RawData } from 'ws'
import { CLOSE, isId, PROTOCOL_VERSION, type ErrorCode, type Parsed } from '../../protocol/index.js'
import { ERR_BAD_VERSION, toWireError } from '../errors.js'
import type { FrameVerdict } from '../limits/limits.js'

/** Malformed frames a socket may send before it is closed with CLOSE.protocol. */
export const MAX_BAD_FRAMES = 10

/** How a frame loop treats its socket. */
export interface LoopOptions {
  /** the first frame (hello) must arrive within this time */
  helloTimeoutMs: number
  /** a socket with more unsent bytes than this when the next frame is due is cut off */
  maxSendBufferBytes: number
  /** decides, frame by frame, whether the socket is within its rate limits */
  gate: () => FrameVerdict
  /** where cut-offs are reported */
  log?: FastifyBaseLogger
}

// Each socket's own loop options (the object the loop keeps anyway): its send bound and log.
const sendBounds = new WeakMap<WebSocket, LoopOptions>()

/**
 * Serialises and sends a frame if the socket is still open. Backpressure: a client that stopped
 * reading fills the kernel's buffers, then `bufferedAmount` grows in our memory; once it is over
 * the socket's bound the client is cut off (terminate frees the buffer at once; a close frame
 * would only queue behind it). The check comes before the send, so one large frame (a long
 * history) to a client that keeps up is never refused: memory per socket stays under the bound
 * plus one frame.
 */
export const sendFrame = (socket: WebSocket, frame: object): void => {
  if (socket.readyState === socket.OPEN) sendText(socket, JSON.stringify(frame))
}

/** Sends one frame to many sockets, serialised once (each socket's backpressure bound still applies). */
export const sendFrameToAll = (sockets: Iterable<WebSocket>, frame: object): void => {
  let text: string | undefined
  for (const socket of sockets) if (socket.readyState === socket.OPEN) sendText(socket, (text ??= JSON.stringify(frame)))
}

const sendText = (socket: WebSocket, text: string): void => {
  const bound = sendBounds.get(socket)
  if (bound && socket.bufferedAmount > bound.maxSendBufferBytes) {
    bound.log?.warn({ bufferedBytes: socket.bufferedAmount }, 'client stopped reading: cut off')
    socket.terminate()
    return
  }
  socket.send(text)
}

/**
 * Keeps every TCP connection that asked for an upgrade until it closes. A refused upgrade (403,
 * 429, or 503 while shutting down) is no HTTP connection the server could close as idle, so a
 * client that keeps it open would hold a shutdown forever; `destroyAll` ends them.
 */
export const trackUpgrades = (server: Server): { destroyAll(): void } => {
  const sockets = new Set<Duplex>()
  server.on('upgrade', (_req, socket: Duplex) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return {
    destroyAll() {
      for (const s of sockets) s.destroy()
    }
  }
}

/**
 * The WebSocket error handler (@fastify/websocket's `errorHandler`). A client's protocol violations
 * (invalid UTF-8, a frame over maxPayload, bad opcodes: ws codes `WS_ERR_*`) are its problem: ws has
 * already closed the socket with the right code (1007, 1009, 1002), so they are logged at debug, or
 * a hostile client could fill the error log. Anything else is ours: logged as an error, socket cut off.
 */
export const socketErrorHandler = (err: Error, socket: WebSocket, req: FastifyRequest): void => onSocketError(err, socket, req.log)

const onSocketError = (err: Error, socket: WebSocket, log: FastifyBaseLogger): void => {
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && code.startsWith('WS_ERR_')) return void log.debug({ err }, 'client broke the WebSocket protocol')
  log.error({ err }, 'websocket error')
  socket.terminate()
}

/**
 * Replaces @fastify/websocket's `error` listener, a closure over the request and the reply (headers,
 * parser state, logger) that would keep them alive as long as the socket, with one that knows only
 * the log. Same handling (socketErrorHandler); a fraction of the memory of an idle socket.
 */
const ownErrors = (socket: WebSocket, log: FastifyBaseLogger): void => {
  // Ours first, then theirs off: deleting the last listener of an event would turn the socket's
  // listener table into a dictionary, a few hundred bytes more for the socket's whole life.
  const theirs = socket.listeners('error')
  socket.on('error', (err) => onSocketError(err, socket, log))
  for (const l of theirs) socket.off('error', l as (err: Error) => void)
}

const upgrades = new WeakMap<IncomingMessage, ServerResponse>()

/** preValidation hook, last of a socket route's: remembers the upgrade's HTTP response for `releaseRequest`. */
export async function keepResponse(req: FastifyRequest, reply: FastifyReply) {
  upgrades.set(req.raw, reply.raw)
}

/**
 * Lets go of the HTTP request once it has become a WebSocket. @fastify/websocket assigns an HTTP
 * response to the TCP socket for the upgrade and never detaches it, so the socket would keep the
 * response, Fastify's request and reply (headers, helmet's headers, cookies, logger) alive for as
 * long as the WebSocket is open: about 4 KiB of heap per idle socket. Call first in the handler.
 */
export const releaseRequest = (req: FastifyRequest): void => {
  const res = upgrades.get(req.raw)
  upgrades.delete(req.raw)
  if (res?.socket) res.detachSocket(res.socket)
}

/**
 * The client id a refused raw frame is about, when it is JSON with an `id`. `maxBytes` bounds the
 * parse on the hot path (a flood of rate-limited frames); a frame the guard refused is parsed
 * whatever its size (ws bounds it by maxFrameBytes), so an error about a message always names it.
 */
const rawRef = (data: RawData, maxBytes = 4096): { ref?: string } => {
  if (!Buffer.isBuffer(data) || data.length > maxBytes) return {}
  try {
    const id = (JSON.parse(data.toString('utf8')) as { id?: unknown } | null)?.id
    return isId(id) ? { ref: id } : {}
  } catch {
    return {}
  }
}

/**
 * Closes every socket with `code`, and cuts off the ones that have not finished the closing
 * handshake after `graceMs` (gone, or not reading), so a shutdown ends in bounded time.
 */
export const closeAll = (sockets: Iterable<WebSocket>, code: number, reason: string, graceMs: number): Promise<void> =>
  new Promise((resolve) => {
    const open = new Set([...sockets].filter((s) => s.readyState !== s.CLOSED))
    if (!open.size) return resolve()
    const timer = setTimeout(() => {
      for (const s of open) s.terminate()
      resolve()
    }, graceMs)
    for (const s of open) {
      s.once('close', () => {
        open.delete(s)
        if (open.size === 0) {
          clearTimeout(timer)
          resolve()
        }
      })
      s.close(code, reason)
    }
  })

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

/**
 * Refuses a hello of another protocol version, for both sockets: an error frame, then close 4002.
 * Returns whether it refused.
 */
export const refusedVersion = (socket: WebSocket, v: number, log: FastifyBaseLogger): boolean => {
  if (v === PROTOCOL_VERSION) return false
  sendFrame(socket, errorFrame(new ERR_BAD_VERSION(PROTOCOL_VERSION), log))
  socket.close(CLOSE.version, 'protocol version')
  return true
}

/** Text of a frame, or undefined for binary frames (the protocol is JSON text only). */
export const frameText = (data: RawData, isBinary: boolean): string | undefined =>
  isBinary ? undefined : Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString('utf8')

/**
 * Runs `handle` for each frame strictly in arrival order (handlers are async; a message's seq must
 * follow the order the client sent them), and closes the socket if no hello arrives in time.
 * Frames over the rate limits are answered `rate_limited` without being parsed; a client that
 * keeps going is closed with CLOSE.policy.
 */
export const frameLoop = (socket: WebSocket, options: LoopOptions, handle: (data: RawData, isBinary: boolean) => Promise<void>) => {
  let chain = Promise.resolve()
  sendBounds.set(socket, options)
  let deadline: NodeJS.Timeout | undefined = setTimeout(() => socket.close(CLOSE.protocol, 'hello expected'), options.helloTimeoutMs)
  // Dropped once cleared: a cleared timer still costs its object for as long as something refers to it.
  const stop = () => {
    clearTimeout(deadline)
    deadline = undefined
  }
  socket.on('message', (data, isBinary) => {
    const verdict = options.gate()
    if (verdict === 'abuse') return socket.close(CLOSE.policy, 'too many frames')
    if (verdict === 'limited')
      return sendFrame(socket, { type: 'error', code: 'rate_limited', message: 'Too many messages at once; please slow down', ...rawRef(data) })
    // A handler that throws is a bug; closing with 1011 makes the client reconnect and resync
    // instead of leaving a socket whose later frames would never be handled.
    chain = chain
      .then(() => handle(data, isBinary))
      .catch((err: unknown) => {
        options.log?.error({ err }, 'frame handler failed')
        socket.close(1011, 'internal error')
      })
  })
  socket.on('close', stop)
  return {
    helloed: () => {
      stop()
      socket.off('close', stop)
    }
  }
}

/** What `protocolLoop` needs to know about one socket's protocol. */
export interface ProtocolHandlers<M extends { type: string }> {
  /** the shared guard for this socket's frames */
  parse: (text: string) => Parsed<M>
  handle: (msg: M) => Promise<void>
  /** what an error about `msg` names (a message id or a chat id) */
  refOf: (msg: M) => string | undefined
  log: FastifyBaseLogger
}

/**
 * The frame loop both sockets share: JSON text only, validated by `parse`; `hello` first; a bad
 * frame is answered `bad_frame` and too many close the socket (CLOSE.protocol); a handler's coded
 * error becomes an `error` frame naming `refOf(msg)`.
 */
export const protocolLoop = <M extends { type: string }>(socket: WebSocket, options: LoopOptions, h: ProtocolHandlers<M>) => {
  let helloed = false
  let bad = 0
  ownErrors(socket, h.log)
  const loop = frameLoop(socket, options, async (data, isBinary) => {
    const text = frameText(data, isBinary)
    const parsed = text === undefined ? ({ ok: false, error: 'frames must be JSON text' } as const) : h.parse(text)
    if (!parsed.ok) {
      sendFrame(socket, { type: 'error', code: 'bad_frame', message: parsed.error, ...rawRef(data, Infinity) })
      if (!helloed || ++bad >= MAX_BAD_FRAMES) socket.close(CLOSE.protocol, 'malformed frames')
      return
    }
    const msg = parsed.value
    if (!helloed && msg.type !== 'hello') {
      sendFrame(socket, { type: 'error', code: 'bad_frame', message: 'the first frame must be hello' })
      return socket.close(CLOSE.protocol, 'hello expected')
    }
    try {
      await h.handle(msg)
    } catch (err) {
      sendFrame(socket, errorFrame(err, h.log, h.refOf(msg)))
    }
  })
  return {
    /** Whether the socket has said hello. */
    get helloed() {
      return helloed
    },
    /** Records the hello (stops the hello deadline). */
    hello() {
      helloed = true
      loop.helloed()
    }
  }
}
