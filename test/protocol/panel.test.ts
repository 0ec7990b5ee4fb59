import { describe, expect, it } from 'vitest'
import { applyPanelDelta, checkSummary, diffPatch, mergePatch, type ChatSummary, type VersionedPanel } from '../../protocol/index.js'

const chat = (id: string, over: Partial<ChatSummary> = {}): ChatSummary => ({
  id,
  status: 'waiting',
  title: id,
  customer: { verified: [] },
  createdAt: 1,
  firstText: 'hi',
  lastSeq: 1,
  tags: [],
  visitor: {},
  queuedAt: 10,
  ...over
})
const empty: VersionedPanel = { pv: 0, panel: { waiting: [], chatting: [], agents: [] } }

describe('panel deltas', () => {
  it('adds, patches and removes chats in queue order', () => {
    const one = applyPanelDelta(empty, { from: 0, pv: 1, chats: [chat('b', { queuedAt: 20, rev: 1 }), chat('a', { rev: 1 })] }, checkSummary)
    expect(one !== 'gap' && one !== 'stale' && one.panel.waiting.map((c) => c.id)).toEqual(['a', 'b'])
    const two = applyPanelDelta(
      one as VersionedPanel,
      { from: 1, pv: 2, patches: [{ id: 'a', rev: 2, patch: { status: 'active', agentId: 'x' } }] },
      checkSummary
    ) as VersionedPanel
    expect(two.panel.waiting.map((c) => c.id)).toEqual(['b'])
    expect(two.panel.chatting[0]).toMatchObject({ id: 'a', agentId: 'x', rev: 2 })
    const three = applyPanelDelta(two, { from: 2, pv: 3, goneChats: [{ id: 'a', rev: 3 }] }, checkSummary) as VersionedPanel
    expect(three.panel.chatting).toEqual([])
    expect(three.pv).toBe(3)
  })

  it('ignores a delta it already has and asks for a snapshot after a missed one', () => {
    const one = applyPanelDelta(empty, { from: 0, pv: 1, chats: [chat('a', { rev: 1 })] }, checkSummary) as VersionedPanel
    expect(applyPanelDelta(one, { from: 0, pv: 1, chats: [chat('a', { rev: 1 })] }, checkSummary)).toBe('stale')
    expect(applyPanelDelta(one, { from: 2, pv: 3, chats: [chat('z', { rev: 3 })] }, checkSummary)).toBe('gap')
    // A patch of a chat the console never got is a gap too.
    expect(applyPanelDelta(one, { from: 1, pv: 2, patches: [{ id: 'nope', rev: 2, patch: { title: 'x' } }] }, checkSummary)).toBe('gap')
  })

  it('applies an overlapping delta only where it is newer than what is held', () => {
    // The console holds version 2 (chat a renamed at 2); a delta covering 1..3 repeats the older change.
    const held: VersionedPanel = { pv: 2, panel: { waiting: [chat('a', { title: 'new', rev: 2 })], chatting: [], agents: [] } }
    const next = applyPanelDelta(held, { from: 0, pv: 3, chats: [chat('a', { title: 'old', rev: 1 }), chat('b', { rev: 3 })] }, checkSummary) as VersionedPanel
    expect(next.panel.waiting.map((c) => [c.id, c.title])).toEqual([
      ['a', 'new'],
      ['b', 'b']
    ])
  })

  it('treats a patch that would make an invalid summary as a gap', () => {
    const held: VersionedPanel = { pv: 1, panel: { waiting: [chat('a', { rev: 1 })], chatting: [], agents: [] } }
    expect(applyPanelDelta(held, { from: 1, pv: 2, patches: [{ id: 'a', rev: 2, patch: { status: 'lost' } }] }, checkSummary)).toBe('gap')
  })

  it('diffs and merges summaries both ways, nested objects by field', () => {
    const a = chat('a', { attributes: { plan: 'pro', cart: '2' }, agentId: 'x' })
    const b = chat('a', { attributes: { plan: 'pro', seats: '5' }, title: 'Renamed' })
    const patch = diffPatch(a as never, b as never)!
    expect(patch).toEqual({ agentId: null, title: 'Renamed', attributes: { cart: null, seats: '5' } })
    expect(mergePatch(a, patch)).toEqual(b)
    expect(diffPatch(a as never, { ...a } as never)).toBeUndefined()
  })
})
