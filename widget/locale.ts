// Which language the widget speaks, and fetching its strings: the option, else the page's
// <html lang>, else the browser's language; English when it is none of ours or the fetch fails.
import { en, LOCALES, type Strings } from './strings.js'

/** The locale for `wanted` (a BCP 47 tag such as "de-AT"): one of LOCALES or "en". */
export const pickLocale = (wanted?: string): string => {
  const lang = (wanted || document.documentElement.lang || navigator.language || '').split('-')[0]!.toLowerCase()
  return LOCALES.includes(lang) ? lang : 'en'
}

/** The strings of `lang`, from `<relay>/parley-<lang>.json`; keys it lacks (or all, on failure) stay English. */
export const loadStrings = async (relay: string, lang: string): Promise<Strings> => {
  const t = { ...en }
  if (lang !== 'en')
    try {
      const json = await (await fetch(relay + '/parley-' + lang + '.json')).json()
      // Only strings, only our keys: a locale file is data, never markup or code.
      for (const k in en) if (typeof json[k] === 'string') t[k as keyof Strings] = json[k]
    } catch {}
  return t
}
