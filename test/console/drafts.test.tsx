// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { loadDraft, saveDraft, sweepDrafts } from '../../console/drafts.js'
import { button, field, press, resetPageEachTest, settle, step, typeInto } from './dom.js'
import { activeSummary } from './fixtures.js'
import { inChat, sentOf } from './harness.js'

describe('drafts', () => {
  resetPageEachTest({ clearStorage: true })

  it('brings back what the agent typed after a reload', async () => {
    const first = await inChat()
    await typeInto(field<HTMLTextAreaElement>(first.root, 'Message'), 'Let me check that for')
    document.body.innerHTML = ''
    const second = await inChat()
    await settle()
    expect(field<HTMLTextAreaElement>(second.root, 'Message').value).toBe('Let me check that for')
  })

  it('forgets the draft once it is sent', async () => {
    const { root, socket } = await inChat()
    const box = field<HTMLTextAreaElement>(root, 'Message')
    await typeInto(box, 'All done')
    expect(loadDraft('agent-anna', 'chat-1')).toBe('All done')
    await press(box, 'Enter')
    expect(sentOf(socket.sent, 'send')).toHaveLength(1)
    expect(loadDraft('agent-anna', 'chat-1')).toBe('')
  })

  it('forgets the draft of a chat whose window is closed', async () => {
    const { root, socket } = await inChat()
    await typeInto(field<HTMLTextAreaElement>(root, 'Message'), 'Bye')
    await step(() => socket.receive({ type: 'chat', chat: activeSummary({ status: 'ended' }) }))
    expect(loadDraft('agent-anna', 'chat-1')).toBe('Bye')
    await step(() => button(root, 'Close chat').click())
    expect(loadDraft('agent-anna', 'chat-1')).toBe('')
  })

  it('keeps drafts per agent and sweeps those untouched for a week', () => {
    const now = Date.now()
    saveDraft('agent-anna', 'chat-1', 'mine', now)
    saveDraft('agent-ben', 'chat-1', 'his', now - 8 * 24 * 3600_000)
    sweepDrafts(now)
    expect(loadDraft('agent-anna', 'chat-1')).toBe('mine')
    expect(loadDraft('agent-ben', 'chat-1')).toBe('')
  })
})
