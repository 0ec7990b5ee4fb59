import { describe, expect, it } from 'vitest'
import { linkify } from '../../console/linkify.js'

describe('linkify', () => {
  it('turns http and https URLs into links and keeps the rest as text', () => {
    expect(linkify('See https://shop.test/orders/42, or http://x.test.')).toEqual([
      { text: 'See ' },
      { text: 'https://shop.test/orders/42', href: 'https://shop.test/orders/42' },
      { text: ', or ' },
      { text: 'http://x.test', href: 'http://x.test/' },
      { text: '.' }
    ])
  })

  it('never links other schemes', () => {
    for (const t of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://x.test/a'])
      expect(linkify(t).every((r) => r.href === undefined)).toBe(true)
  })

  it('keeps markup in customer text as plain text', () => {
    expect(linkify('<img src=x onerror=alert(1)>')).toEqual([{ text: '<img src=x onerror=alert(1)>' }])
  })
})
