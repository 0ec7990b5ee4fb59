// One leader among the relay nodes on a PostgreSQL database, for the work that must run once per
// cluster (requeue after grace, retention) — not wired to the relay yet (cluster mode is refused at
// start). The leader holds a session advisory lock on a connection of its own: if its node dies or
// the connection drops, PostgreSQL releases the lock and another node's next attempt takes it.
import pg from 'pg'

/** A node's bid for leadership. */
export interface Leader {
  /** True while this node holds the lock. */
  isLeader(): boolean
  /** Stops bidding and lets go of the lock. */
  close(): Promise<void>
}

/** Bids for the lock named `name` every `retryMs` until it holds it; `onChange` hears gains and losses. */
export const createLeader = (o: {
  url: string
  name: string
  retryMs?: number
  applicationName?: string
  onChange?: (leader: boolean) => void
  onError?: (err: Error) => void
}): Leader => {
  const retryMs = o.retryMs ?? 2000
  const onError = o.onError ?? (() => {})
  let client: pg.Client | undefined
  let leader = false
  let closed = false
  let timer: NodeJS.Timeout | undefined
  const become = (v: boolean) => {
    if (leader === v) return
    leader = v
    o.onChange?.(v)
  }
  const attempt = async () => {
    if (closed) return
    try {
      if (!client) {
        const c = new pg.Client({
          connectionString: o.url,
          application_name: o.applicationName ?? 'parley-leader',
          connectionTimeoutMillis: 2000,
          keepAlive: true
        })
        // The leader's connection dropping (the lock goes with it) makes it bid again.
        c.on('error', (err) => {
          onError(err)
          if (client !== c) return
          client = undefined
          const was = leader
          become(false)
          if (was && !closed) later()
        })
        await c.connect()
        client = c
      }
      const { rows } = await client.query<{ ok: boolean }>("SELECT pg_try_advisory_lock(hashtext('parley:leader:' || current_schema() || ':' || $1)) AS ok", [
        o.name
      ])
      become(rows[0]!.ok)
    } catch (err) {
      onError(err as Error)
      client?.end().catch(() => {})
      client = undefined
      become(false)
    }
    // The holder keeps its connection (and lock); the others try again later.
    if (!closed && !leader) later()
  }
  const later = () => {
    clearTimeout(timer)
    timer = setTimeout(() => void attempt(), retryMs)
    timer.unref()
  }
  void attempt()
  return {
    isLeader: () => leader,
    async close() {
      closed = true
      clearTimeout(timer)
      become(false)
      await client?.end().catch(() => {})
    }
  }
}
