// A WebSocket test client over a real socket: send frames, wait for the frames you expect.
import WebSocket, { type ClientOptions } from 'ws'

/** A frame as the tests see it. */
export type Frame = { type: string; [k: string]: any }

/** A connected test client. */
export interface TestClient {
  ws: WebSocket
  send(frame: object | string): void
  /** Resolves with (and removes) the first buffered or future frame of `type` matching `match`. */
  next(type: string, match?: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>
  /** Frames received and not consumed yet. */
  pending(): Frame[]
  /** Resolves when the socket closes, with its close code. */
  closed: Promise<{ code: number; reason: string }>
  close(): void
}

/** Opens a socket; rejects if the upgrade is refused (e.g. 401). */
export const connectClient = (url: string, headers: Record<string, string> = {}, options: ClientOptions = {}): Promise<TestClient> =>
  new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { ...options, headers })
    const frames: Frame[] = []
    const waiters: { type: string; match: (f: Frame) => boolean; done: (f: Frame) => void }[] = []
    const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })))
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString()) as Frame
      const i = waiters.findIndex((w) => w.type === f.type && w.match(f))
      if (i >= 0) waiters.splice(i, 1)[0]!.done(f)
      else frames.push(f)
    })
    ws.on('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)))
    ws.on('error', reject)
    ws.on('open', () =>
      resolve({
        ws,
        closed,
        send: (f) => ws.send(typeof f === 'string' ? f : JSON.stringify(f)),
        pending: () => [...frames],
        close: () => ws.close(),
        next: (type, match = () => true, timeoutMs = 5000) => {
          const i = frames.findIndex((f) => f.type === type && match(f))
          if (i >= 0) return Promise.resolve(frames.splice(i, 1)[0]!)
          return new Promise((res, rej) => {
            const t = setTimeout(
              () => rej(new Error(`no "${type}" frame within ${timeoutMs} ms; pending: ${JSON.stringify(frames.map((f) => f.type))}`)),
              timeoutMs
            )
            waiters.push({
              type,
              match,
              done: (f) => {
                clearTimeout(t)
                res(f)
              }
            })
          })
        }
      })
    )
  })
