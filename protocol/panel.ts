// The agent panel as snapshot + versioned deltas. Every agent gets the whole panel once (welcome,
// or a `panel` frame after a gap) with its version `pv`, then `panelDelta` frames that move it from
// version `from` to `pv`. An entity carries `rev`, the version of its last change, and is applied
// only when newer than what the console holds, so a delta applied twice, or overlapping a
// snapshot, is harmless. A delta whose `from` is beyond the console's version means one was lost:
// the console asks for a snapshot. Shared by relay (tests) and console; pure.
import type { AgentSummary, ChatSummary, Panel } from './chat.js'

/** A JSON merge patch (RFC 7396) of a ChatSummary: the fields that changed; `null` removes one. Objects merge, arrays replace. */
export type SummaryPatch = { [field: string]: PatchValue }
/** A value in a merge patch. */
export type PatchValue = string | number | boolean | null | string[] | SummaryPatch

/** An entity that left the panel (a chat ended, an agent went off or away) at version `rev`. */
export interface Gone {
  id: string
  rev: number
}

/** What changed in the panel between versions `from` and `pv`. */
export interface PanelDelta {
  from: number
  pv: number
  /** chats added (or sent whole), each with its `rev` */
  chats?: ChatSummary[]
  /** chats the console holds whose fields changed */
  patches?: { id: string; rev: number; patch: SummaryPatch }[]
  goneChats?: Gone[]
  /** agents added or changed, each with its `rev` */
  agents?: AgentSummary[]
  goneAgents?: Gone[]
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** The order of both chat lists: queue order (a requeued chat first), then age, then id. */
export const queueOrder = (a: ChatSummary, b: ChatSummary): number =>
  (a.queuedAt ?? a.createdAt) - (b.queuedAt ?? b.createdAt) || a.createdAt - b.createdAt || cmp(a.id, b.id)

/** The order of the Active agents list: by name, then id. */
export const agentOrder = (a: AgentSummary, b: AgentSummary): number => cmp(a.name, b.name) || cmp(a.id, b.id)

const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/** Sets `o[k]` as plain data, whatever `k` is (`__proto__` included). */
const put = (o: Record<string, unknown>, k: string, v: unknown) =>
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true })

/** Applies a merge patch to `target` (not changed): a new object. */
export const mergePatch = (target: unknown, patch: PatchValue): unknown => {
  if (!isPlain(patch)) return patch
  const out: Record<string, unknown> = {}
  const base = isPlain(target) ? target : {}
  for (const k of Object.keys(base)) if (!Object.hasOwn(patch, k)) put(out, k, base[k])
  for (const k of Object.keys(patch)) {
    const v = patch[k] as PatchValue
    if (v !== null) put(out, k, mergePatch(Object.hasOwn(base, k) ? base[k] : undefined, v))
  }
  return out
}

/** The merge patch that turns `from` into `to` (both plain JSON); undefined when they are equal. */
export const diffPatch = (from: Record<string, unknown>, to: Record<string, unknown>): SummaryPatch | undefined => {
  const patch: SummaryPatch = {}
  let changed = false
  for (const k of Object.keys(from))
    if (!Object.hasOwn(to, k) || to[k] === undefined) {
      if (from[k] !== undefined) {
        put(patch, k, null)
        changed = true
      }
    }
  for (const k of Object.keys(to)) {
    const a = Object.hasOwn(from, k) ? from[k] : undefined
    const b = to[k]
    if (b === undefined) continue
    if (isPlain(a) && isPlain(b)) {
      const inner = diffPatch(a, b)
      if (inner) {
        put(patch, k, inner)
        changed = true
      }
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      put(patch, k, b as PatchValue)
      changed = true
    }
  }
  return changed ? patch : undefined
}

/** A panel and the version it reflects. */
export interface VersionedPanel {
  pv: number
  panel: Panel
}

/**
 * Applies a delta to a panel at version `pv`: the next panel, `stale` when the delta is not newer,
 * or `gap` when a delta was missed (or a patch names a chat not held): ask for a snapshot.
 * `check` validates a patched summary (the shared guard); a patch that yields an invalid one is a gap.
 */
export const applyPanelDelta = (held: VersionedPanel, d: PanelDelta, check: (v: unknown) => ChatSummary | undefined): VersionedPanel | 'stale' | 'gap' => {
  if (d.pv <= held.pv) return 'stale'
  if (d.from > held.pv) return 'gap'
  const chats = new Map([...held.panel.waiting, ...held.panel.chatting].map((c) => [c.id, c]))
  const agents = new Map(held.panel.agents.map((a) => [a.id, a]))
  // Newer than the console's version and than the entity it holds: anything else it has already.
  const newer = (rev: number, had: { rev?: number } | undefined) => rev > held.pv && rev > (had?.rev ?? -1)
  for (const c of d.chats ?? []) if (newer(c.rev ?? 0, chats.get(c.id))) chats.set(c.id, c)
  for (const p of d.patches ?? []) {
    const had = chats.get(p.id)
    if (!had) {
      if (p.rev > held.pv) return 'gap'
      continue
    }
    if (!newer(p.rev, had)) continue
    const next = check(mergePatch(had, { ...p.patch, rev: p.rev }))
    if (!next) return 'gap'
    chats.set(p.id, next)
  }
  for (const g of d.goneChats ?? []) if (newer(g.rev, chats.get(g.id))) chats.delete(g.id)
  for (const a of d.agents ?? []) if (newer(a.rev ?? 0, agents.get(a.id))) agents.set(a.id, a)
  for (const g of d.goneAgents ?? []) if (newer(g.rev, agents.get(g.id))) agents.delete(g.id)
  const all = [...chats.values()].sort(queueOrder)
  return {
    pv: d.pv,
    panel: {
      waiting: all.filter((c) => c.status === 'waiting'),
      chatting: all.filter((c) => c.status === 'active'),
      agents: [...agents.values()].sort(agentOrder)
    }
  }
}
