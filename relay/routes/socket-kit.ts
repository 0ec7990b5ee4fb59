// What both socket adapters share: framing, ordered handling, error frames, the hello deadline,
// per-socket rate limits and backpressure.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { WebSocket, RawData } from 'ws'
import { CLOSE, isId, PROTOCOL_VERSION, type ChatMessage, type ErrorCode, type Parsed } from '../../protocol/index.js'
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
}

// A socket's loop state (SocketLoop) is kept on the socket under this key.
const LOOP = Symbol('parley.loop')

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
// A new message goes to the customer and to every agent following the chat, one after another in
// the same publish: its frame text is made once, for the last message seen (kept by identity;
// messages are never changed once stored).
let lastMessage: ChatMessage | undefined
let lastMessageText = ''

/** Sends `{ type: 'message', message }` to `socket`, serialised once for all the recipients of one message. */
export const sendMessageFrame = (socket: WebSocket, message: ChatMessage): void => {
  if (socket.readyState !== socket.OPEN) return
  if (message !== lastMessage) {
    lastMessage = message
    lastMessageText = JSON.stringify({ type: 'message', message })
  }
  sendText(socket, lastMessageText)
}

export const sendFrameToAll = (sockets: Iterable<WebSocket>, frame: object): void => {
  let text: string | undefined
  for (const socket of sockets) if (socket.readyState === socket.OPEN) sendText(socket, (text ??= JSON.stringify(frame)))
}

// Frames sent to a socket within one tick leave in one write. Group commit settles a turn's writes
// together, so one commit sends each agent a frame per message of its chats, and each customer an
// ack and the echo of its message: uncorked, every frame was a writev of its own (a system call
// and a TCP segment each). The TCP socket is corked at its first frame of the tick and uncorked
// once the tick's callbacks and promise reactions have run (process.nextTick, queued from them,
// runs after them), so nothing waits for a later turn of the event loop.
let corked: Duplex[] = []
const uncorkAll = (): void => {
  // Taken first: a socket corked while these are written waits for the next tick of its own.
  const now = corked
  corked = []
  for (const raw of now) raw.uncork()
}
const corkForTick = (socket: WebSocket): void => {
  // ws keeps the TCP socket there; absent (closing, or a test double) frames go out one by one.
  const raw = (socket as unknown as { _socket?: Duplex })._socket
  if (!raw || raw.writableCorked) return
  raw.cork()
  if (corked.push(raw) === 1) process.nextTick(uncorkAll)
}

const sendText = (socket: WebSocket, text: string): void => {
  const loop = loopOf(socket)
  if (loop && socket.bufferedAmount > loop.maxSendBytes) {
    loop.log.warn({ bufferedBytes: socket.bufferedAmount }, 'client stopped reading: cut off')
    socket.terminate()
    return
  }
  corkForTick(socket)
  socket.send(text)
}

/**
 * Keeps every TCP connection that asked for an upgrade until it closes. A refused upgrade (403,
 * 429, or 503 while shutting down) is no HTTP connection the server could close as idle, so a
 * client that keeps it open would hold a shutdown forever; `destroyAll` ends them.
 */
export const trackUpgrades = (server: Server): { destroyAll(): void } => {
  const sockets = new Set<Duplex>()
  // One listener for all (`on`, not `once`: a TCP socket closes once, and once's wrapper would cost
  // every idle socket ~250 B more).
  function closed(this: Duplex) {
    sockets.delete(this)
  }
  server.on('upgrade', (_req, socket: Duplex) => {
    sockets.add(socket)
    socket.on('close', closed)
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
 * the socket (its loop state holds the log). Same handling (socketErrorHandler); a fraction of the memory of an idle socket.
 */
const ownErrors = (socket: WebSocket): void => {
  // Ours first, then theirs off: deleting the last listener of an event would turn the socket's
  // listener table into a dictionary, a few hundred bytes more for the socket's whole life.
  const theirs = socket.listeners('error')
  socket.on('error', onError)
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

/** The per-socket state of `protocolLoop`, kept on the socket (one object instead of closures). */
export interface SocketLoop<M extends { type: string } = { type: string }, C = unknown> {
  readonly socket: WebSocket
  /** Whether the socket has said hello. */
  helloed: boolean
  /** Records the hello (stops the hello deadline). */
  hello(): void
  /** where this socket's troubles are logged */
  readonly log: FastifyBaseLogger
  readonly h: ProtocolHandlers<M, C>
  /** the adapter's own state of this socket, handed to `h.handle` and `h.closed` */
  readonly ctx: C
  readonly gate: () => FrameVerdict
  /** LoopOptions.maxSendBufferBytes */
  readonly maxSendBytes: number
  /** malformed frames so far */
  bad: number
  /** the frames being handled, in order; undefined while none is */
  chain: Promise<void> | undefined
  /** the hello deadline, until hello (a cleared timer still costs its object while referred to) */
  deadline: NodeJS.Timeout | undefined
}

const loopOf = (socket: WebSocket): SocketLoop | undefined => (socket as WebSocket & { [LOOP]?: SocketLoop })[LOOP]

/** What `protocolLoop` needs to know about one route's protocol: shared by all its sockets. */
export interface ProtocolHandlers<M extends { type: string }, C = unknown> {
  /** the shared guard for this socket's frames */
  parse: (text: string) => Parsed<M>
  /** handles one valid frame of the socket whose state is `ctx` */
  handle: (msg: M, ctx: C) => Promise<void>
  /** what an error about `msg` names (a message id or a chat id) */
  refOf: (msg: M) => string | undefined
  /** runs once when the socket has closed */
  closed?: (ctx: C) => void
}

// The listeners are shared by every socket (ws calls them with the socket as `this`): an idle
// socket costs its state object, not a handful of closures and their contexts.
function onMessage(this: WebSocket, data: RawData, isBinary: boolean) {
  const loop = loopOf(this)!
  const verdict = loop.gate()
  if (verdict === 'abuse') return this.close(CLOSE.policy, 'too many frames')
  if (verdict === 'limited')
    return sendFrame(this, { type: 'error', code: 'rate_limited', message: 'Too many messages at once; please slow down', ...rawRef(data) })
  // Frames are handled strictly in arrival order (handlers are async; a message's seq must follow
  // the order the client sent them). A handler that throws is a bug; closing with 1011 makes the
  // client reconnect and resync instead of leaving a socket whose later frames would never be handled.
  const next = (loop.chain ?? Promise.resolve())
    .then(() => onFrame(loop, data, isBinary))
    .catch((err: unknown) => {
      loop.log.error({ err }, 'frame handler failed')
      this.close(1011, 'internal error')
    })
    .then(() => {
      // Idle again: the settled chain is let go.
      if (loop.chain === next) loop.chain = undefined
    })
  loop.chain = next
}

function onClose(this: WebSocket) {
  const loop = loopOf(this)!
  stopDeadline(loop)
  loop.h.closed?.(loop.ctx)
}

function onError(this: WebSocket, err: Error) {
  onSocketError(err, this, loopOf(this)!.log)
}

const stopDeadline = (loop: SocketLoop) => {
  clearTimeout(loop.deadline)
  loop.deadline = undefined
}

function hello(this: SocketLoop) {
  this.helloed = true
  stopDeadline(this)
}

const onFrame = async <M extends { type: string }, C>(loop: SocketLoop<M, C>, data: RawData, isBinary: boolean) => {
  const { socket, h } = loop
  const text = frameText(data, isBinary)
  const parsed = text === undefined ? ({ ok: false, error: 'frames must be JSON text' } as const) : h.parse(text)
  if (!parsed.ok) {
    sendFrame(socket, { type: 'error', code: 'bad_frame', message: parsed.error, ...rawRef(data, Infinity) })
    if (!loop.helloed || ++loop.bad >= MAX_BAD_FRAMES) socket.close(CLOSE.protocol, 'malformed frames')
    return
  }
  const msg = parsed.value
  if (!loop.helloed && msg.type !== 'hello') {
    sendFrame(socket, { type: 'error', code: 'bad_frame', message: 'the first frame must be hello' })
    return socket.close(CLOSE.protocol, 'hello expected')
  }
  try {
    await h.handle(msg, loop.ctx)
  } catch (err) {
    sendFrame(socket, errorFrame(err, loop.log, h.refOf(msg)))
  }
}

/**
 * The frame loop both sockets share: JSON text only, validated by `parse`; `hello` first (within
 * `helloTimeoutMs`, else CLOSE.protocol); a bad frame is answered `bad_frame` and too many close
 * the socket (CLOSE.protocol); a handler's coded error becomes an `error` frame naming
 * `refOf(msg)`. Frames over the rate limits are answered `rate_limited` without being parsed; a
 * client that keeps going is closed with CLOSE.policy. Call synchronously in the route's handler,
 * or early frames are lost. `ctx` is the adapter's state of this socket; `log` the socket's
 * (its cut-offs, errors and failed handlers).
 */
export const protocolLoop = <M extends { type: string }, C>(
  socket: WebSocket,
  options: LoopOptions,
  h: ProtocolHandlers<M, C>,
  ctx: C,
  log: FastifyBaseLogger
): SocketLoop<M, C> => {
  const loop: SocketLoop<M, C> = {
    socket,
    helloed: false,
    hello,
    log,
    h,
    ctx,
    gate: options.gate,
    maxSendBytes: options.maxSendBufferBytes,
    bad: 0,
    chain: undefined,
    deadline: undefined
  }
  ;(socket as WebSocket & { [LOOP]?: SocketLoop<M, C> })[LOOP] = loop
  loop.deadline = setTimeout(() => socket.close(CLOSE.protocol, 'hello expected'), options.helloTimeoutMs)
  ownErrors(socket)
  socket.on('message', onMessage)
  socket.on('close', onClose)
  return loop
}
