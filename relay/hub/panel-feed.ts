// The panel as every agent sees it, kept in memory as materialised summaries with their versions,
// and what goes out when it changes. Each operation says which chat or agent changed
// (`chatChanged`, `agentChanged`); changes are coalesced for `panelCoalesceMs` and then go out as
// ONE versioned delta (protocol/panel.ts) for all agents: new chats whole, changed chats as a merge
// patch of the fields that changed, so a change costs each agent bytes in proportion to it, never
// the whole panel. Queue positions go only to waiting customers whose position changed.
// Availability (any agent on and here) is recomputed at once, not coalesced: startChat relies on it.
//
// In cluster mode each node keeps its own panel and its own version `pv`: deltas go to this node's
// consoles only (a console talks to one node, and after a reconnect to another it starts from that
// node's snapshot). What another node changed arrives as `chatChanged(id, 'peer')` after the chat
// was re-read (cluster-sync.ts); local changes are passed to `peers` so the others can do the same.
// Availability then comes from cluster presence, not from this node's agents.
import { agentOrder, diffPatch, queueOrder, type AgentSummary, type ChatSummary, type PanelDelta, type VersionedPanel } from '../../protocol/index.js'
import type { AgentRecord } from '../store/store.js'
import type { HubContext } from './context.js'
import { topics, type HubEvent } from './events.js'
import type { LiveState } from './live-state.js'
import { createReadModel } from './read-model.js'

export type PanelFeed = ReturnType<typeof createPanelFeed>

/** Where a change was made: on this node (the other nodes must hear of it) or on another. */
export type Origin = 'here' | 'peer'

/** Tells the other nodes which chat or agent this node changed (cluster mode; nothing on one node). */
export interface Peers {
  chat(chatId: string): void
  agent(agentId: string): void
}

const NO_PEERS: Peers = { chat() {}, agent() {} }

/** Creates the feed; `isAgentAvailable` says whether an agent counts as active. */
export const createPanelFeed = (
  ctx: HubContext,
  live: LiveState,
  isAgentAvailable: (a: AgentRecord) => boolean,
  peers: Peers = NO_PEERS,
  isOpen: () => boolean = () => true
) => {
  const { publish, onError, config, cluster } = ctx
  const read = createReadModel(live)
  let available = false
  /** the panel version: bumped once per delta that went out */
  let pv = 0
  const chats = new Map<string, ChatSummary>()
  const agents = new Map<string, AgentSummary>()
  const dirtyChats = new Set<string>()
  const dirtyAgents = new Set<string>()
  let timer: NodeJS.Timeout | undefined
  /** the queue position each waiting customer was last told */
  const told = new Map<string, number>()

  // What the feed sends is computed by every node for its own sockets.
  const send = (topic: string, e: HubEvent) => publish(topic, e, { local: true }).catch(onError)

  /** Brings the materialised panel up to date and publishes what changed as one delta. */
  const flush = (quiet = false) => {
    clearTimeout(timer)
    timer = undefined
    if (!dirtyChats.size && !dirtyAgents.size) return
    const next = pv + 1
    const d: Required<Omit<PanelDelta, 'from' | 'pv'>> = { chats: [], patches: [], goneChats: [], agents: [], goneAgents: [] }
    let queueMoved = false
    for (const id of dirtyChats) {
      const c = live.cachedChat(id)
      const had = chats.get(id)
      // A chat's agent count moves with it, on the agent it left and the one it joined.
      if (had?.agentId) dirtyAgents.add(had.agentId)
      if (c?.agentId) dirtyAgents.add(c.agentId)
      if (had?.status === 'waiting' || c?.status === 'waiting') queueMoved = true
      if (!c) {
        if (had) {
          chats.delete(id)
          d.goneChats.push({ id, rev: next })
        }
        continue
      }
      const s = { ...read.openSummary(c), rev: next }
      if (!had) d.chats.push(s)
      else {
        const { rev: _a, ...before } = had
        const { rev: _b, ...after } = s
        const patch = diffPatch(before, after)
        if (!patch) continue
        d.patches.push({ id, rev: next, patch })
      }
      chats.set(id, s)
    }
    dirtyChats.clear()
    if (dirtyAgents.size) {
      const counts = new Map<string, number>()
      for (const c of chats.values()) if (c.status === 'active' && c.agentId) counts.set(c.agentId, (counts.get(c.agentId) ?? 0) + 1)
      for (const id of dirtyAgents) {
        const a = live.cachedAgent(id)
        const had = agents.get(id)
        if (!a || !isAgentAvailable(a)) {
          if (had) {
            agents.delete(id)
            d.goneAgents.push({ id, rev: next })
          }
          continue
        }
        const s = { ...read.agentSummary(a, counts.get(id) ?? 0), rev: next }
        if (had && JSON.stringify({ ...had, rev: next }) === JSON.stringify(s)) continue
        agents.set(id, s)
        d.agents.push(s)
      }
      dirtyAgents.clear()
    }
    const delta: PanelDelta = { from: pv, pv: next }
    for (const k of ['chats', 'patches', 'goneChats', 'agents', 'goneAgents'] as const) if (d[k].length) (delta[k] as unknown[]) = d[k]
    if (Object.keys(delta).length > 2) {
      pv = next
      if (!quiet) void send(topics.agents, { kind: 'panelDelta', delta })
    }
    if (queueMoved && !quiet) tellPositions()
  }

  /** Sends the queue position to each waiting customer whose position changed (only them). */
  const tellPositions = () => {
    const waiting = live.openChats('waiting')
    const still = new Set<string>()
    waiting.forEach((c, i) => {
      still.add(c.id)
      if (told.get(c.id) === i + 1) return
      told.set(c.id, i + 1)
      const s = chats.get(c.id) ?? read.openSummary(c)
      void send(topics.chat(c.id), { kind: 'chat', summary: s, customer: { id: c.id, status: 'waiting', lastSeq: c.lastSeq, position: i + 1 } })
    })
    for (const id of told.keys()) if (!still.has(id)) told.delete(id)
  }

  /** Availability: an agent on and here, within business hours; customers hear when it changes. */
  const recheck = (hoursMoved = false) => {
    const next = isOpen() && live.allAgents().some(isAgentAvailable)
    if (next !== available || hoursMoved) {
      available = next
      void send(topics.customers, { kind: 'availability', available, ...(isOpen() ? {} : { outsideHours: true }) })
    }
  }

  const schedule = () => {
    if (timer) return
    timer = setTimeout(flush, config.panelCoalesceMs)
    timer.unref?.()
  }

  return {
    /** Summaries and views, for single chats. */
    summary: read.summary,
    customerView: read.customerView,

    /** True while at least one agent has chat on and a live console (on any node in cluster mode), within business hours. */
    isAvailable: () => isOpen() && (cluster ? cluster.presence.cached() : available),
    /** The same, asked of the cluster's shared state where there is one: what decides whether a chat may start. */
    availableNow: async (): Promise<boolean> => isOpen() && (cluster ? await cluster.presence.available() : available),
    /** Cluster mode: availability changed somewhere; this node's customers are told. */
    availabilityChanged(next: boolean) {
      void send(topics.customers, { kind: 'availability', available: next && isOpen(), ...(isOpen() ? {} : { outsideHours: true }) })
    },

    /** Fills the materialised panel from memory at start: version 1 (or 0 when empty), no delta sent. */
    load() {
      for (const c of [...live.openChats('waiting'), ...live.openChats('active')]) dirtyChats.add(c.id)
      for (const a of live.allAgents()) dirtyAgents.add(a.id)
      flush(true)
      // The customers who wait now learn their positions when they say hello (customerView).
      for (const [i, c] of live.openChats('waiting').entries()) told.set(c.id, i + 1)
    },

    /** A chat's state changed (created, answered, moved, renamed, ended, its customer identified…). */
    chatChanged(chatId: string, from: Origin = 'here') {
      dirtyChats.add(chatId)
      schedule()
      if (from === 'here') peers.chat(chatId)
    },

    /** An agent changed (on/off, settings, presence, removed): availability at once, the panel with the next delta. */
    agentChanged(agentId: string, from: Origin = 'here') {
      dirtyAgents.add(agentId)
      // Their name is shown on their chats.
      for (const c of live.openChats('active')) if (c.agentId === agentId) dirtyChats.add(c.id)
      schedule()
      if (from === 'here') peers.agent(agentId)
      if (cluster) return
      recheck()
    },

    /** Business hours opened or closed: customers learn whether they can chat now (each node tells its own). */
    hoursChanged: () => recheck(true),

    /**
     * Tells the chat's sockets, its agent and `alsoAgents` (e.g. the one it was taken from) its new
     * state; the panel follows. `from: 'peer'` tells only this node's sockets (a resync).
     */
    async publishChat(chatId: string, alsoAgents: string[] = [], from: Origin = 'here') {
      const c = await live.chat(chatId)
      if (!c) return
      const customer = await read.customerView(c)
      if (customer.position) told.set(c.id, customer.position)
      const e: HubEvent = { kind: 'chat', summary: await read.summary(c), customer }
      const options = { local: from === 'peer' }
      await publish(topics.chat(chatId), e, options)
      for (const agentId of new Set([...(c.agentId ? [c.agentId] : []), ...alsoAgents])) await publish(topics.agent(agentId), e, options)
      dirtyChats.add(chatId)
      schedule()
      if (from === 'here') peers.chat(chatId)
    },

    /** Records the position a customer was just told (a new chat's `started`). */
    toldPosition(chatId: string, position: number | undefined) {
      if (position) told.set(chatId, position)
    },

    /** The whole panel at its current version (pending changes go out first, so deltas continue from it). */
    snapshot(): VersionedPanel {
      flush()
      const all = [...chats.values()].sort(queueOrder)
      return {
        pv,
        panel: {
          waiting: all.filter((c) => c.status === 'waiting'),
          chatting: all.filter((c) => c.status === 'active'),
          agents: [...agents.values()].sort(agentOrder)
        }
      }
    },

    /** Stops the coalescing timer. */
    close() {
      clearTimeout(timer)
      timer = undefined
    }
  }
}
