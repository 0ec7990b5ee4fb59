// The routing state of open chats, in memory, and its one owner. Every message needs to know who
// may write to a chat, which agent has it, its status and lastSeq, the customer's name and the
// agent's display name; reading them from the store before every message cost ~8% of the relay's
// time at saturation. Here they are kept for every waiting and active chat (with its visitor) and
// for every agent, updated by the hub's own writes: a message bumps lastSeq in memory, a change of
// state re-reads the one row it changed. `invalidate*` drops an entry so the next access reloads
// it from the store: that is how another relay node's write (cluster mode) reaches this cache.
import type { AgentRecord, ChatRecord, Store, VisitorRecord } from '../store/store.js'

/** The order of the waiting queue (a requeued chat has the smallest `queuedAt`), ties by age then id. */
export const queueOrder = (a: ChatRecord, b: ChatRecord): number =>
  a.queuedAt - b.queuedAt || a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

const isOpen = (c: ChatRecord | undefined): c is ChatRecord => c !== undefined && c.status !== 'ended'

export type LiveState = ReturnType<typeof createLiveState>

/** Creates the cache over `store`; call `load()` once before serving. */
export const createLiveState = (store: Store) => {
  const chats = new Map<string, ChatRecord>()
  const visitors = new Map<string, VisitorRecord>()
  const agents = new Map<string, AgentRecord>()
  // A reload that started before a later one must not overwrite the later one's answer (with an
  // asynchronous store two reads of one row can resolve out of order): only the newest counts.
  // Only keys with a read in flight are kept, so the map stays small.
  const generation = new Map<string, number>()
  let tick = 0
  const begin = (key: string) => {
    const g = ++tick
    generation.set(key, g)
    return () => {
      if (generation.get(key) !== g) return false
      generation.delete(key)
      return true
    }
  }
  const cancel = (key: string) => {
    if (generation.has(key)) generation.set(key, ++tick)
  }

  const keepChat = (c: ChatRecord | undefined, id: string): ChatRecord | undefined => {
    const known = chats.get(id)
    if (!isOpen(c)) {
      chats.delete(id)
      // A visitor has at most one open chat: theirs leaves memory with it.
      if (known) visitors.delete(known.visitorId)
      return c
    }
    // Messages appended while the row was being read are newer than the row.
    const next = known && known.lastSeq > c.lastSeq ? { ...c, lastSeq: known.lastSeq } : c
    chats.set(id, next)
    return next
  }

  /** Re-reads a visitor; kept in memory when `keep` (a visitor of an open chat). */
  const reloadVisitor = async (visitorId: string, keep = visitors.has(visitorId)): Promise<VisitorRecord | undefined> => {
    const latest = begin('v:' + visitorId)
    const v = await store.getVisitor(visitorId)
    if (latest()) {
      if (v && keep) visitors.set(visitorId, v)
      else visitors.delete(visitorId)
    }
    return v
  }

  const reloadChat = async (chatId: string): Promise<ChatRecord | undefined> => {
    const latest = begin('c:' + chatId)
    const c = await store.getChat(chatId)
    if (!latest()) return chats.get(chatId) ?? c
    const kept = keepChat(c, chatId)
    if (isOpen(kept) && !visitors.has(kept.visitorId)) await reloadVisitor(kept.visitorId, true)
    return kept
  }

  const reloadAgent = async (agentId: string): Promise<AgentRecord | undefined> => {
    const latest = begin('a:' + agentId)
    const a = await store.getAgent(agentId)
    if (latest()) {
      if (a) agents.set(agentId, a)
      else agents.delete(agentId)
    }
    return a
  }

  return {
    /** Reads every open chat, its visitor and every agent. */
    async load() {
      const [waiting, active, all] = await Promise.all([store.listChats('waiting'), store.listChats('active'), store.listAgents()])
      for (const c of [...waiting, ...active]) chats.set(c.id, c)
      for (const a of all) agents.set(a.id, a)
      await Promise.all([...new Set([...chats.values()].map((c) => c.visitorId))].map((id) => reloadVisitor(id, true)))
    },

    /** A chat: from memory while it is open, else from the store. */
    async chat(chatId: string): Promise<ChatRecord | undefined> {
      return chats.get(chatId) ?? reloadChat(chatId)
    },
    /** The visitor of an open chat from memory, any other from the store. */
    async visitor(visitorId: string): Promise<VisitorRecord | undefined> {
      return visitors.get(visitorId) ?? store.getVisitor(visitorId)
    },
    /** An agent, from memory (loaded on first use). */
    async agent(agentId: string): Promise<AgentRecord | undefined> {
      return agents.get(agentId) ?? reloadAgent(agentId)
    },

    /** Open chats with `status`, in queue order. Synchronous: memory only. */
    openChats(status: 'waiting' | 'active'): ChatRecord[] {
      return [...chats.values()].filter((c) => c.status === status).sort(queueOrder)
    },
    /** An open chat held in memory (no store access); undefined for ended or unknown chats. */
    cachedChat: (chatId: string) => chats.get(chatId),
    /** The visitor of an open chat held in memory. */
    cachedVisitor: (visitorId: string) => visitors.get(visitorId),
    /** An agent held in memory. */
    cachedAgent: (agentId: string) => agents.get(agentId),
    /** Every agent held in memory. */
    allAgents: (): AgentRecord[] => [...agents.values()],

    /** After the hub changed a chat's row: re-reads it (an ended chat leaves memory). */
    reloadChat,
    /** After the hub changed a visitor: re-reads it (kept in memory while they have an open chat). */
    reloadVisitor: (visitorId: string) => reloadVisitor(visitorId),
    /** After the hub (or an admin) changed an agent: re-reads it (a removed agent leaves memory). */
    reloadAgent,
    /** A message was stored with `seq`: the chat's lastSeq follows, without a read. */
    appended(chatId: string, seq: number) {
      const c = chats.get(chatId)
      if (c && seq > c.lastSeq) chats.set(chatId, { ...c, lastSeq: seq })
    },

    /** Forgets a chat; the next access reloads it from the store (another node changed it). */
    invalidate(chatId: string) {
      cancel('c:' + chatId)
      chats.delete(chatId)
    },
    /** Forgets a visitor; the next access reloads it. */
    invalidateVisitor(visitorId: string) {
      cancel('v:' + visitorId)
      visitors.delete(visitorId)
    },
    /** Forgets an agent; the next access reloads it. */
    invalidateAgent(agentId: string) {
      cancel('a:' + agentId)
      agents.delete(agentId)
    }
  }
}
