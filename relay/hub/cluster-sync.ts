// One node among several (cluster mode): what keeps this node's memory, panel and presence in step
// with the others. PostgreSQL holds the truth; the bus only says what to re-read.
//   - Every change this node makes to a chat or an agent is announced on the `cluster` topic (after
//     its commit); the other nodes re-read that row and their panels emit the delta to their own
//     consoles. Messages need none of this: they travel on `chat:<id>` to sockets on any node.
//   - Agents' consoles on this node are mirrored into cluster presence (bus/redis-presence.ts), and
//     the set of agents with a console anywhere is kept here, so "active agents" and "anyone
//     available" mean anywhere, not just on this node.
//   - The leader (one node, by a PostgreSQL advisory lock) returns the chats of agents who are
//     absent from every node to the queue after the grace period. The requeue is a conditional
//     UPDATE, so it happens once even if two nodes briefly both think they lead.
//   - After the bus comes back (events may have been lost), everything open is re-read from the
//     store, the panel emits what changed, and this node's sockets are told each chat's state.
import type { ChatRecord } from '../store/store.js'
import type { ChatWrites } from './chat-writes.js'
import type { ClusterLink, HubContext } from './context.js'
import { topics, type HubEvent } from './events.js'
import type { LiveState } from './live-state.js'
import type { PanelFeed, Peers } from './panel-feed.js'

/** How often the leader looks for absent agents, at most (ms). */
const SWEEP_MS = 1000

/** What the sync needs from the rest of the hub (created after it: looked up when used). */
export interface SyncParts {
  feed(): PanelFeed
  writes(): ChatWrites
  /** whether an agent has a console on this node (or is within the grace period) */
  isHere(agentId: string): boolean
}

/** Creates the sync for `link`; `start()` once the hub is loaded. */
export const createClusterSync = (ctx: HubContext, link: ClusterLink, live: LiveState, parts: SyncParts) => {
  const { store, config, onError, publish, now } = ctx
  /** agents with a console on some node, as cluster presence last said */
  let anywhere = new Set<string>()
  /** agents this node has a presence entry for */
  const mirrored = new Set<string>()
  /** leader only: since when each agent holding chats has been absent from every node */
  const absentSince = new Map<string, number>()
  const timers: NodeJS.Timeout[] = []
  let unsubscribe = () => {}
  let closed = false

  /** Writes this node's view of an agent into cluster presence. */
  const mirror = async (agentId: string) => {
    const here = parts.isHere(agentId)
    if (!here && !mirrored.has(agentId)) return
    const a = live.cachedAgent(agentId)
    if (here) {
      mirrored.add(agentId)
      anywhere.add(agentId)
    } else mirrored.delete(agentId)
    await link.presence.set(agentId, { connected: here, available: here && !!a && a.on && !a.disabled })
  }

  /** Re-reads who is connected anywhere; the panel follows for every agent that came or went. */
  const refreshAnywhere = async () => {
    const next = await link.presence.connectedAgents()
    for (const id of mirrored) next.add(id)
    const changed = [...next].filter((id) => !anywhere.has(id)).concat([...anywhere].filter((id) => !next.has(id)))
    anywhere = next
    for (const id of changed) if (live.cachedAgent(id)) parts.feed().agentChanged(id, 'peer')
  }

  const announce = (e: Extract<HubEvent, { kind: 'changed' }>) => publish(topics.cluster, e).catch(onError)

  /** A chat another node changed: re-read it (and its visitor, whose name may have changed). */
  const chatFromPeer = async (chatId: string) => {
    // Re-read in place, not invalidate-then-read: a panel flush in between would see the chat gone.
    const c = await live.reloadChat(chatId)
    if (c && c.status !== 'ended') await live.reloadVisitor(c.visitorId)
    parts.feed().chatChanged(chatId, 'peer')
  }
  const agentFromPeer = async (agentId: string) => {
    await live.reloadAgent(agentId)
    await refreshAnywhere()
    parts.feed().agentChanged(agentId, 'peer')
    // Switched on or off elsewhere while a console is open here: this node's entry follows.
    await mirror(agentId)
  }

  /** Leader: requeues the chats of agents absent from every node for the grace period. */
  const sweep = async () => {
    if (!link.isLeader() || !link.presenceKnown()) {
      absentSince.clear()
      return
    }
    const holders = new Map<string, ChatRecord[]>()
    for (const c of await store.listChats('active')) if (c.agentId) holders.set(c.agentId, [...(holders.get(c.agentId) ?? []), c])
    if (!holders.size) return absentSince.clear()
    const connected = await link.presence.connectedAgents()
    // The agent's own node already waited `agentGraceMs` before its entry went.
    const graceMs = Math.max(0, config.chatGraceMs - config.agentGraceMs)
    const t = now()
    for (const id of absentSince.keys()) if (!holders.has(id)) absentSince.delete(id)
    for (const [agentId, chats] of holders) {
      if (connected.has(agentId) || parts.isHere(agentId)) {
        absentSince.delete(agentId)
        continue
      }
      const since = absentSince.get(agentId) ?? t
      absentSince.set(agentId, since)
      if (t - since < graceMs) continue
      for (const c of chats) await parts.writes().requeue(c.id, agentId, undefined, true)
      absentSince.delete(agentId)
    }
  }

  const every = (ms: number, work: () => Promise<void>) => {
    let running = false
    const timer = setInterval(() => {
      if (running || closed) return
      running = true
      work()
        .catch(onError)
        .finally(() => (running = false))
    }, ms)
    timer.unref()
    timers.push(timer)
  }

  const peers: Peers = {
    chat: (chatId) => void announce({ kind: 'changed', chats: [chatId] }),
    agent: (agentId) =>
      void mirror(agentId)
        .catch(onError)
        .then(() => announce({ kind: 'changed', agents: [agentId] }))
  }

  return {
    peers,
    /** Whether an agent has a console on any node. */
    isAnywhere: (agentId: string) => parts.isHere(agentId) || anywhere.has(agentId),

    /** Starts listening to the other nodes, refreshing presence and (as leader) sweeping. */
    async start() {
      const sub = ctx.bus.subscribe(topics.cluster, (e) => {
        if (e.kind !== 'changed' || closed) return
        for (const id of e.chats ?? []) chatFromPeer(id).catch(onError)
        for (const id of e.agents ?? []) agentFromPeer(id).catch(onError)
      })
      unsubscribe = sub
      link.onAvailability((available) => {
        if (!closed) parts.feed().availabilityChanged(available)
      })
      await sub.ready
      await refreshAnywhere().catch(onError)
      every(config.presenceRefreshMs, refreshAnywhere)
      every(Math.min(SWEEP_MS, config.presenceRefreshMs), sweep)
    },

    /** After the bus came back: re-read everything open, re-announce presence, tell local sockets each chat's state. */
    async resync() {
      const feed = parts.feed()
      const before = [...live.openChats('waiting'), ...live.openChats('active')].map((c) => c.id)
      const [waiting, active, agents] = await Promise.all([store.listChats('waiting'), store.listChats('active'), store.listAgents()])
      for (const a of agents) {
        await live.reloadAgent(a.id)
        feed.agentChanged(a.id, 'peer')
      }
      for (const id of new Set([...before, ...waiting.map((c) => c.id), ...active.map((c) => c.id)])) {
        await chatFromPeer(id)
        await feed.publishChat(id, [], 'peer')
      }
      for (const id of [...mirrored]) await mirror(id)
      await refreshAnywhere()
      feed.availabilityChanged(await link.presence.available())
    },

    close() {
      closed = true
      for (const t of timers) clearInterval(t)
      unsubscribe()
    }
  }
}
