// Strings, locales and the small pieces of arithmetic the widget does on the page.
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { WIRE } from '../../protocol/index.js'
import { LAUNCHER_EN } from '../../widget/launcher.js'
import { luminance } from '../../widget/mount.js'
import { SHORT_CHARS } from '../../widget/page.js'
import { formsEn } from '../../widget/chat/forms-strings.js'
import { en as chatEn, fmt, LOCALES } from '../../widget/strings.js'

const locales = readdirSync('widget/locales').map((f) => ({ lang: f.replace('.json', ''), t: JSON.parse(readFileSync('widget/locales/' + f, 'utf8')) }))
// Every locale has the chat's keys, the forms chunk's and the launcher's (the unread count is only the launcher's).
const en = { ...chatEn, ...formsEn, ...(LAUNCHER_EN as { unread: string }) }
const holes = (s: string) => s.split('{}').length - 1

describe('locales', () => {
  it('ships a file for every locale the widget offers, and one right-to-left language', () => {
    expect(locales.map((l) => l.lang).sort()).toEqual([...LOCALES].sort())
    expect(locales.filter((l) => l.t.dir === 'rtl').map((l) => l.lang)).toEqual(['ar'])
  })

  it('has every English key in every locale, with the same placeholders, and nothing else', () => {
    for (const { lang, t } of locales) {
      expect(Object.keys(t).sort(), lang).toEqual(Object.keys(en).sort())
      for (const k of Object.keys(en) as (keyof typeof en)[]) expect(holes(t[k]), lang + '.' + k).toBe(holes(en[k]))
      expect(t.lang).toBe(lang)
    }
  })

  it('gives the launcher the chat’s English texts (the loader hands them to the chat under a locale’s)', () => {
    for (const [k, text] of Object.entries(LAUNCHER_EN)) if (k !== 'unread') expect(text, k).toBe(chatEn[k as keyof typeof chatEn])
  })

  it('fills a placeholder', () => {
    expect(fmt(en.joined, 'Alice')).toBe('Alice joined the chat')
    expect(fmt(en.position, 3)).toBe(' (position 3)')
  })
})

describe('page arithmetic', () => {
  it('picks black text on light accents and white on dark ones (WCAG luminance)', () => {
    // As a canvas gives a colour back: #rrggbb.
    expect(luminance('#ffffff')).toBeCloseTo(1, 3)
    expect(luminance('#000000')).toBeCloseTo(0, 2)
    // The default blue #0b5fff: white text (5.2:1). Yellow #ffeb3b and the demo shop's teal #2a9d8f:
    // black text (white on that teal would be 3.3:1, below AA; black is 6.3:1).
    expect(luminance('#0b5fff')).toBeLessThan(0.179)
    expect(luminance('#ffeb3b')).toBeGreaterThan(0.179)
    expect(luminance('#2a9d8f')).toBeGreaterThan(0.179)
    // Pure red, green and blue weigh as WCAG says.
    expect([luminance('#ff0000'), luminance('#00ff00'), luminance('#0000ff')].map((l) => l.toFixed(2))).toEqual(['0.21', '0.72', '0.07'])
  })

  it('cuts urls and titles where the relay does', () => {
    expect(SHORT_CHARS).toBe(WIRE.shortChars)
  })
})
