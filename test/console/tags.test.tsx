// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { addTag, suggestTags, typedTag } from '../../console/tag-suggestions.js'
import { editDetailsButton, field, one, press, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { activeSummary } from './fixtures.js'
import { inChat } from './harness.js'

const inUse = [
  { tag: 'shipping', count: 12 },
  { tag: 'refund', count: 7 },
  { tag: 'urgent', count: 5 },
  { tag: 'reshipment', count: 2 },
  { tag: 'sales', count: 1 }
]

/** Anna in chat-1, the relay knowing the tags in use, with the details form open. */
const editing = async () => {
  const renamed = activeSummary({ title: 'Lost parcel', tags: ['shipping', 'urgent'] })
  const s = await inChat({
    'GET /api/tags': { status: 200, body: { tags: inUse } },
    'PATCH /api/chats/chat-1': { status: 200, body: { chat: renamed } }
  })
  await step(() => editDetailsButton(s.root).click())
  await settle()
  return { ...s, tags: field(s.root, 'Tags') }
}

/** The tags suggested, in order (an option reads "shipping 12 chats"; its first text is the tag). */
const options = (root: HTMLElement) => [...root.querySelectorAll('[role="option"]')].map((o) => o.firstChild?.textContent)
const highlighted = (root: HTMLElement) => root.querySelector('[role="option"][aria-selected="true"]')?.firstChild?.textContent

describe('tag suggestions', () => {
  resetPageEachTest()

  it('suggests tags starting with what is typed before those containing it, most used first, leaving out tags already given', () => {
    expect(typedTag('Billing, Ship')).toBe('ship')
    expect(suggestTags(inUse, 'ship')).toEqual(['shipping', 'reshipment'])
    expect(suggestTags(inUse, 'shipping, r')).toEqual(['refund', 'reshipment', 'urgent'])
    expect(suggestTags(inUse, 'refund, ')).toEqual(['shipping', 'urgent', 'reshipment', 'sales'])
    expect(suggestTags(inUse, 'urgent')).toEqual([])
    expect(suggestTags(inUse, '', 2)).toEqual(['shipping', 'refund'])
  })

  it('replaces the tag being typed by the one picked, ready for the next', () => {
    expect(addTag('ship', 'shipping')).toBe('shipping, ')
    expect(addTag('billing,ref', 'refund')).toBe('billing, refund, ')
    expect(addTag('billing, ', 'refund')).toBe('billing, refund, ')
  })

  it('suggests tags in use as the agent types and adds one with the arrow keys and Enter', async () => {
    const { root, tags } = await editing()
    expect(tags.getAttribute('aria-expanded')).toBe('false')
    await typeInto(tags, 'sh')
    expect(tags.getAttribute('aria-expanded')).toBe('true')
    expect(options(root)).toEqual(['shipping', 'reshipment'])
    expect(text(root.querySelector('[role="option"]'))).toBe('shipping 12 chats')
    await press(tags, 'ArrowDown')
    await press(tags, 'ArrowDown')
    await press(tags, 'ArrowDown')
    expect(highlighted(root)).toBe('shipping')
    expect(tags.getAttribute('aria-activedescendant')).toBe(one(root, '[role="option"][aria-selected="true"]').id)
    await press(tags, 'ArrowUp')
    expect(highlighted(root)).toBe('reshipment')
    await press(tags, 'Enter')
    expect(tags.value).toBe('reshipment, ')
    expect(tags.getAttribute('aria-expanded')).toBe('false')
  })

  it('opens the most used tags with the down arrow on an empty tag', async () => {
    const { root, tags } = await editing()
    await typeInto(tags, 'refund, ')
    expect(tags.getAttribute('aria-expanded')).toBe('false')
    await press(tags, 'ArrowDown')
    expect(options(root)).toEqual(['shipping', 'urgent', 'reshipment', 'sales'])
    expect(highlighted(root)).toBe('shipping')
  })

  it('adds the suggestion the agent clicks', async () => {
    const { root, tags } = await editing()
    await typeInto(tags, 'shipping, ur')
    const urgent = [...root.querySelectorAll('[role="option"]')].find((o) => o.firstChild?.textContent === 'urgent')!
    await step(() => urgent.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true })))
    expect(tags.value).toBe('shipping, urgent, ')
  })

  it('closes the suggestions on Escape, and Enter without a highlight saves the form', async () => {
    const { root, tags, api } = await editing()
    await typeInto(tags, 'shipping, u')
    await press(tags, 'Escape')
    expect(tags.getAttribute('aria-expanded')).toBe('false')
    await typeInto(tags, 'shipping, urgent')
    await step(() => tags.form!.requestSubmit())
    await settle()
    expect(api.calls.at(-1)).toEqual({ method: 'PATCH', url: '/api/chats/chat-1', body: { title: 'Carl', tags: ['shipping', 'urgent'] } })
    expect(text(one(root, '.chat-subtitle'))).toBe('Lost parcel shipping urgent')
  })

  it('keeps the tags field working when the tags in use cannot be loaded', async () => {
    const { root } = await inChat()
    await step(() => editDetailsButton(root).click())
    await settle()
    const tags = field(root, 'Tags')
    await typeInto(tags, 'sh')
    expect(tags.getAttribute('aria-expanded')).toBe('false')
    expect(root.querySelector('[role="alert"]')).toBeNull()
  })
})
