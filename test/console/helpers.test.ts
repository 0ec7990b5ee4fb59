// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { HIGHLIGHT, type TextModule } from '../../protocol/index.js'
import { highlight } from '../../console/highlight.js'
import { claimOnce } from '../../console/once-per-browser.js'
import { insertModule, matchModules, moduleQuery } from '../../console/text-modules.js'

const mod = (name: string, content: string, keywords = ''): TextModule => ({ id: name, name, keywords, content, updatedAt: 0 })

describe('archive snippets', () => {
  it('splits a snippet into plain runs and highlighted matches', () => {
    const s = 'where is my ' + HIGHLIGHT.start + 'parcel' + HIGHLIGHT.end + ' now'
    expect(highlight(s)).toEqual([
      { text: 'where is my ', hit: false },
      { text: 'parcel', hit: true },
      { text: ' now', hit: false }
    ])
  })

  it('keeps markup in a snippet as text', () => {
    expect(highlight('<img src=x onerror=alert(1)>')).toEqual([{ text: '<img src=x onerror=alert(1)>', hit: false }])
  })
})

describe('text modules', () => {
  const modules = [mod('Thanks', 'Thank you, {{customer.name}}!', 'thx'), mod('Shipping', 'We ship within 2 days.', 'delivery parcel')]

  it('finds the ::query at the end of the draft', () => {
    expect(moduleQuery('::')).toBe('')
    expect(moduleQuery('Hello ::thx')).toBe('thx')
    expect(moduleQuery('Hello::thx')).toBeUndefined()
    expect(moduleQuery('::thx and more')).toBeUndefined()
  })

  it('matches modules by name, keywords or content', () => {
    expect(matchModules(modules, '').map((m) => m.name)).toEqual(['Shipping', 'Thanks'])
    expect(matchModules(modules, 'parcel').map((m) => m.name)).toEqual(['Shipping'])
    expect(matchModules(modules, 'THX').map((m) => m.name)).toEqual(['Thanks'])
  })

  it('replaces the ::query with the content and fills in the placeholders', () => {
    expect(insertModule('Sure. ::thx', modules[0]!, { 'customer.name': 'Carl' })).toBe('Sure. Thank you, Carl!')
    expect(insertModule('::thx', modules[0]!, {})).toBe('Thank you, {{customer.name}}!')
    expect(insertModule('::p', mod('Price', 'It costs $& 5'), {})).toBe('It costs $& 5')
  })
})

describe('once per browser', () => {
  it('lets only the first tab claim a key', () => {
    localStorage.clear()
    expect(claimOnce('chime:c1', 1000)).toBe(true)
    expect(claimOnce('chime:c1', 2000)).toBe(false)
    expect(claimOnce('chime:c2', 2000)).toBe(true)
  })

  it('forgets claims older than ten minutes', () => {
    localStorage.clear()
    claimOnce('chime:old', 0)
    claimOnce('chime:new', 11 * 60_000)
    expect(localStorage.getItem('parley:once:chime:old')).toBeNull()
    expect(claimOnce('chime:old', 11 * 60_000)).toBe(true)
  })
})
