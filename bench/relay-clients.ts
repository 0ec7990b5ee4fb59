// Lean protocol clients for `npm run bench:relay`: a socket that counts the bytes it receives,
// hands each frame to a handler and lets the bench wait for one frame. Kept small because they
// share two cores with the server under test: no transcripts, no reconnects (bench/soak.ts and
// test/helpers/resilient-clients.ts are the clients that check correctness).
import type { IncomingHttpHeaders } from 'node:http'
import WebSocket from 'ws'
import { PROTOCOL_VERSION } from '../protocol/index.js'
import type { Server } from './relay-procs.js'

/** A frame as the bench sees it. */
export type Frame = { type: string; [k: string]: any }

/** One connected client socket. */
export interface Peer {
  ws: WebSocket
  /** headers of the accepted upgrade (behind a load balancer: which node it picked) */
  upgrade: IncomingHttpHeaders
  /** payload bytes received so far */
  bytes: number
  /** frames received so far */
  frames: number
  /** called for every frame, with its text */
  onFrame: ((f: Frame, raw: string) => void) | undefined
  send(frame: object): void
  /** Resolves with the next frame matching `match` (registered before `then` sends anything). */
  next(match: (f: Frame) => boolean, what: string, timeoutMs?: number): Promise<Frame>
  close(): void
}

/** Opens a socket to `server` at `path`; `localAddress` picks the loopback source address. */
export const connect = (
  server: Pick<Server, 'name' | 'wsUrl'>,
  path: string,
  options: { headers?: Record<string, string>; localAddress?: string } = {}
): Promise<Peer> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(server.wsUrl + path, {
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      perMessageDeflate: false
    })
    const waiters = new Set<{ match: (f: Frame) => boolean; done: (f: Frame) => void; gone?: (code: number) => void }>()
    const peer: Peer = {
      ws,
      upgrade: {},
      bytes: 0,
      frames: 0,
      onFrame: undefined,
      send: (frame) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame))
      },
      next: (match, what, timeoutMs = 30_000) =>
        new Promise((ok, fail) => {
          const w: { match: (f: Frame) => boolean; done: (f: Frame) => void; gone?: (code: number) => void } = {
            match,
            done: (f: Frame) => {
              clearTimeout(timer)
              waiters.delete(w)
              ok(f)
            }
          }
          const timer = setTimeout(() => {
            waiters.delete(w)
            fail(new Error(`${server.name}: timed out waiting for ${what}`))
          }, timeoutMs)
          w.gone = (code: number) => {
            clearTimeout(timer)
            waiters.delete(w)
            fail(new Error(`${server.name}: socket closed (${code}) while waiting for ${what}`))
          }
          waiters.add(w)
        }),
      close: () => ws.terminate()
    }
    ws.on('message', (data: Buffer) => {
      peer.bytes += data.length
      peer.frames++
      const raw = data.toString('utf8')
      const f = JSON.parse(raw) as Frame
      peer.onFrame?.(f, raw)
      for (const w of waiters) if (w.match(f)) w.done(f)
    })
    ws.on('close', (code) => {
      for (const w of waiters) w.gone?.(code)
    })
    ws.once('upgrade', (res) => (peer.upgrade = res.headers))
    ws.once('open', () => resolve(peer))
    ws.once('error', reject)
    ws.once('unexpected-response', (_req, res) => reject(new Error(`${server.name}: upgrade of ${path} refused with ${res.statusCode}`)))
  })

/** A customer that said hello and heard that an agent is available. */
export const readyCustomer = async (server: Pick<Server, 'name' | 'wsUrl'>, localAddress?: string): Promise<Peer> => {
  const c = await connect(server, '/ws/customer', localAddress ? { localAddress } : {})
  const welcome = c.next((f) => f.type === 'welcome', 'welcome')
  c.send({ type: 'hello', v: PROTOCOL_VERSION })
  const w = await welcome
  if (!w.available) await c.next((f) => f.type === 'availability' && f.available, 'availability')
  return c
}

/** Starts the customer's chat with a first message; resolves with the chat id once it is acknowledged. */
export const startChat = async (c: Peer, id: string): Promise<string> => {
  const started = c.next((f) => f.type === 'started' || (f.type === 'error' && f.ref === id), `started ${id}`)
  const ack = c.next((f) => f.type === 'ack' && f.id === id, `ack of ${id}`)
  c.send({ type: 'start', id, parts: [{ type: 'text', text: 'Hello, I have a question about my order' }] })
  const s = await started
  if (s.type === 'error') throw new Error(`start refused: ${s.code} ${s.message}`)
  await ack
  return s.chat.id as string
}

/** Logs an agent in on the relay; resolves with the Cookie header of the session. */
export const login = async (server: Pick<Server, 'url'>, email: string, password: string): Promise<string> => {
  const res = await fetch(server.url + '/api/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password })
  })
  if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`)
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
}

/** An agent socket that said hello (and switched chat on if it was off). */
export const readyAgent = async (server: Pick<Server, 'name' | 'wsUrl'>, cookie?: string): Promise<Peer> => {
  const a = await connect(server, '/ws/agent', cookie ? { headers: { cookie } } : {})
  const welcome = a.next((f) => f.type === 'welcome', 'agent welcome')
  a.send({ type: 'hello', v: PROTOCOL_VERSION })
  const w = await welcome
  if (w.me && !w.me.on) {
    const on = a.next((f) => f.type === 'me' && f.me.on, 'agent on')
    a.send({ type: 'status', on: true })
    await on
  }
  return a
}

/** Has the agent answer a waiting chat; resolves once the relay sent its history. */
export const accept = async (a: Peer, chatId: string): Promise<void> => {
  const answered = a.next((f) => (f.type === 'history' && f.chatId === chatId) || (f.type === 'error' && f.ref === chatId), `accept of ${chatId}`)
  a.send({ type: 'accept', chatId })
  const f = await answered
  if (f.type === 'error') throw new Error(`accept refused: ${f.code} ${f.message}`)
}
