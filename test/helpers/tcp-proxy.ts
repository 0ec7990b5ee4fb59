// A TCP proxy on loopback that a test can cut (every connection reset, new ones refused) and
// restore on the same port: a real network fault between a relay and its database or Redis.
import { createServer, connect, type Server, type Socket } from 'node:net'

/** A cuttable proxy to `target`. */
export interface TcpProxy {
  port: number
  cut(): Promise<void>
  restore(): Promise<void>
  close(): Promise<void>
}

/** Starts a proxy on a free port forwarding to 127.0.0.1:`targetPort`. */
export const startTcpProxy = async (targetPort: number): Promise<TcpProxy> => {
  const open = new Set<Socket>()
  let server: Server
  let port = 0
  const listen = () =>
    new Promise<void>((ok, fail) => {
      server = createServer((client) => {
        const upstream = connect(targetPort, '127.0.0.1')
        for (const s of [client, upstream]) {
          open.add(s)
          s.on('close', () => open.delete(s))
          s.on('error', () => {})
        }
        client.pipe(upstream).pipe(client)
        client.on('close', () => upstream.destroy())
        upstream.on('close', () => client.destroy())
      })
      server.once('error', fail)
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port
        ok()
      })
    })
  const stop = () =>
    new Promise<void>((ok) => {
      for (const s of open) s.resetAndDestroy()
      server.close(() => ok())
    })
  await listen()
  return {
    get port() {
      return port
    },
    cut: stop,
    restore: listen,
    close: stop
  }
}
