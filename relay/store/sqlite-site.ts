// Site settings on SQLite: one JSON value per key, defaults for what was never saved.
import type Database from 'better-sqlite3'
import type { SiteSettings } from '../../protocol/index.js'
import type { Write } from './sqlite-writer.js'
import type { Store } from './store.js'

/** The site-settings part of the Store. */
export const sqliteSite = (db: Database.Database, write: Write): Pick<Store, 'getSiteSettings' | 'saveSiteSettings'> => {
  const all = db.prepare('SELECT key, value FROM site_settings')
  const put = db.prepare('INSERT INTO site_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
  const save = (s: SiteSettings) => {
    for (const [k, v] of Object.entries(s)) put.run(k, JSON.stringify(v))
  }
  return {
    async getSiteSettings(defaults) {
      const out: Record<string, unknown> = { ...defaults }
      for (const { key, value } of all.all() as { key: string; value: string }[]) if (key in defaults) out[key] = JSON.parse(value)
      return out as unknown as SiteSettings
    },
    async saveSiteSettings(s) {
      await write(() => save(s))
    }
  }
}
