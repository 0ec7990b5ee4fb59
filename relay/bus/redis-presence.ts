// Which agents are available across relay nodes, kept in Redis (relay/cluster.ts wires it). Each node owns members `agentId|nodeId` in two sorted sets whose score
// is an expiry time: `conn` (a live console on that node) and `avail` (that, and chat switched on).
// A node re-adds its members every `refreshMs`; a dead node's members simply expire. Every node
// runs the same reaper script every `reaperMs`: it trims expired members and, when "anyone
// available" changed, records it with a version and publishes it — one script, so nodes never
// publish contradicting values. After Redis lost its data (a new epoch), the reaper publishes no
// "nobody available" for `settleMs`, until every live node has had time to re-announce.
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'

/** Timings of cluster presence, ms. */
export interface PresenceTimings {
  refreshMs: number
  ttlMs: number
  reaperMs: number
  settleMs: number
}

/** The production timings: refresh 2 s, expiry 6 s (two missed refreshes), reaper 1 s, settle 6 s. */
export const PRESENCE_DEFAULTS: Readonly<PresenceTimings> = Object.freeze({ refreshMs: 2000, ttlMs: 6000, reaperMs: 1000, settleMs: 6000 })

// KEYS: conn, avail, state (hash: value, v), epoch (hash: id, at), channel. ARGV: now, settleMs, newEpochId.
const REAP = `
local now = tonumber(ARGV[1])
redis.call('HSETNX', KEYS[4], 'id', ARGV[3])
redis.call('HSETNX', KEYS[4], 'at', ARGV[1])
local epochAt = tonumber(redis.call('HGET', KEYS[4], 'at'))
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local want = redis.call('ZCARD', KEYS[2]) > 0 and 1 or 0
local have = tonumber(redis.call('HGET', KEYS[3], 'value') or '-1')
if want ~= have and (want == 1 or now - epochAt > tonumber(ARGV[2])) then
  redis.call('HSET', KEYS[3], 'value', want)
  local v = redis.call('HINCRBY', KEYS[3], 'v', 1)
  redis.call('PUBLISH', KEYS[5], want .. '|' .. v)
  return want
end
return have
`

/** What one node tells the cluster about one agent. */
export interface AgentPresence {
  connected: boolean
  available: boolean
}

/** Cluster presence of one node. */
export interface ClusterPresence {
  nodeId: string
  /** Sets this node's view of an agent and runs the reaper at once (a toggle reaches customers in milliseconds). */
  set(agentId: string, p: AgentPresence): Promise<void>
  /** Agents with a live console on any node. */
  connectedAgents(): Promise<Set<string>>
  /** The authoritative "anyone available" (one HGET), or the last value heard when Redis is away. */
  available(): Promise<boolean>
  /** The last value heard ("anyone available"), without asking Redis. */
  cached(): boolean
  /** Stops refreshing; `leave` also removes this node's members (a clean shutdown), otherwise they expire. */
  close(leave?: boolean): Promise<void>
}

/** Starts a node's cluster presence; `onAvailability` hears every published change. */
export const createClusterPresence = (o: {
  url: string
  prefix: string
  nodeId?: string
  timings?: Partial<PresenceTimings>
  onAvailability?: (available: boolean) => void
  onError?: (err: Error) => void
}): ClusterPresence => {
  const t = { ...PRESENCE_DEFAULTS, ...o.timings }
  const nodeId = o.nodeId ?? randomBytes(6).toString('hex')
  const onError = o.onError ?? (() => {})
  const k = {
    conn: `${o.prefix}{p}:conn`,
    avail: `${o.prefix}{p}:avail`,
    state: `${o.prefix}{p}:availability`,
    epoch: `${o.prefix}{p}:epoch`,
    channel: `${o.prefix}availability`
  }
  const cmd = new Redis(o.url, { connectionName: `parley-${nodeId}-presence`, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000 })
  const sub = new Redis(o.url, { connectionName: `parley-${nodeId}-presence-sub`, maxRetriesPerRequest: null })
  cmd.on('error', onError)
  sub.on('error', onError)
  // Commands fail fast once connected; the first ones wait (briefly) for the first connection.
  const firstConnect = new Promise<void>((ok) => {
    cmd.once('ready', () => ok())
    setTimeout(ok, 2000).unref()
  })
  let last = false
  const heard = (v: boolean) => {
    if (v === last) return
    last = v
    o.onAvailability?.(v)
  }
  // One Redis orders every publish on the channel, so the latest message is the current value.
  sub.on('message', (_ch: string, raw: string) => heard(raw.startsWith('1|')))
  void sub.subscribe(k.channel).catch(onError)

  const mine = new Map<string, AgentPresence>()
  const reap = () => cmd.eval(REAP, 5, k.conn, k.avail, k.state, k.epoch, k.channel, Date.now(), t.settleMs, randomBytes(6).toString('hex')) as Promise<number>
  const announce = async (agentId: string, p: AgentPresence) => {
    const member = `${agentId}|${nodeId}`
    const until = Date.now() + t.ttlMs
    const m = cmd.multi()
    if (p.connected) m.zadd(k.conn, until, member)
    else m.zrem(k.conn, member)
    if (p.connected && p.available) m.zadd(k.avail, until, member)
    else m.zrem(k.avail, member)
    await m.exec()
  }
  // Not while disconnected: the commands would only fail (repair after the reconnect is the refresh itself).
  const refresh = setInterval(() => {
    if (cmd.status === 'ready') for (const [a, p] of mine) announce(a, p).catch(onError)
  }, t.refreshMs)
  // The reaper answers the current value too: a publish lost while the subscriber reconnected is
  // corrected within one tick. -1 (not decided since Redis lost its data) changes nothing.
  const reaper = setInterval(
    () =>
      cmd.status === 'ready' &&
      void reap()
        .then((v) => v >= 0 && heard(v === 1))
        .catch(onError),
    t.reaperMs
  )
  refresh.unref()
  reaper.unref()

  return {
    nodeId,
    async set(agentId, p) {
      if (p.connected) mine.set(agentId, p)
      else mine.delete(agentId)
      await firstConnect
      await announce(agentId, p)
      const v = await reap()
      if (v >= 0) heard(v === 1)
    },
    async connectedAgents() {
      await firstConnect
      const members = await cmd.zrangebyscore(k.conn, Date.now(), '+inf')
      return new Set(members.map((m) => m.slice(0, m.lastIndexOf('|'))))
    },
    async available() {
      try {
        // Not decided yet (Redis restarted empty, the reaper has not run): the last value heard.
        const v = await cmd.hget(k.state, 'value')
        return v === null ? last : v === '1'
      } catch {
        return last
      }
    },
    cached: () => last,
    async close(leave = false) {
      clearInterval(refresh)
      clearInterval(reaper)
      if (leave) {
        await Promise.all([...mine.keys()].map((a) => announce(a, { connected: false, available: false }).catch(() => {})))
        await reap().catch(() => {})
      }
      sub.disconnect()
      cmd.disconnect()
    }
  }
}
