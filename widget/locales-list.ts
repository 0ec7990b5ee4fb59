/** Locales besides English, each a file `parley-<lang>.json` next to the widget on the relay. */
export const LOCALES = ['de', 'fr', 'es', 'ar']
