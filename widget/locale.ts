// Which language the widget speaks, and its strings: the option, else the page's <html lang>, else
// the browser's language; English when it is none of ours or the fetch fails. The loader fetches
// a locale's file (it needs the title for the launcher); the chat keeps only the keys it knows.
import { localeUrl } from './assets.js'
import type { RawStrings } from './shell.js'
import { LOCALES } from './locales-list.js'

/** The locale for `wanted` (a BCP 47 tag such as "de-AT"): one of LOCALES or "en". */
export const pickLocale = (wanted?: string): string => {
  const lang = (wanted || document.documentElement.lang || navigator.language || '').split('-')[0]!.toLowerCase()
  return LOCALES.includes(lang) ? lang : 'en'
}

/** The locale file of `lang` as fetched ({} for English, or when the fetch fails). */
export const fetchStrings = async (relay: string, lang: string): Promise<RawStrings> => {
  try {
    if (lang !== 'en') return await (await fetch(localeUrl(relay, lang))).json()
  } catch {}
  return {}
}
