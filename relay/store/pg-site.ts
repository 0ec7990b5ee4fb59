// Site settings, text modules and uploads on PostgreSQL: the small tables.
import type pg from 'pg'
import type { TextModule } from '../../protocol/index.js'
import type { Row } from './pg-rows.js'
import type { Store } from './store.js'
import type { UploadInfo, UploadStore } from './uploads.js'

const toModule = (r: Row): TextModule => ({
  id: r.id as string,
  name: r.name as string,
  keywords: r.keywords as string,
  content: r.content as string,
  updatedAt: r.updated_at as number
})

const toInfo = (r: Row): UploadInfo => ({
  id: r.id as string,
  chatId: r.chat_id as string,
  from: r.author as UploadInfo['from'],
  mime: r.mime as UploadInfo['mime'],
  width: r.width as number,
  height: r.height as number,
  bytes: r.bytes as number,
  createdAt: r.created_at as number
})

type SiteStore = Pick<Store, 'getSiteSettings' | 'saveSiteSettings' | 'listTextModules' | 'saveTextModule' | 'removeTextModule'> & UploadStore

/** Settings (one jsonb value per key), text modules and uploads (bytea, deleted with their chat). */
export const pgSite = (pool: pg.Pool): SiteStore => ({
  async getSiteSettings(defaults) {
    const out: Record<string, unknown> = { ...defaults }
    for (const { key, value } of (await pool.query<{ key: string; value: unknown }>('SELECT key, value FROM site_settings')).rows)
      if (key in defaults) out[key] = value
    return out as unknown as typeof defaults
  },
  async saveSiteSettings(s) {
    const entries = Object.entries(s)
    // One statement: the whole settings object lands at once.
    await pool.query(
      `INSERT INTO site_settings (key, value) SELECT k, v FROM unnest($1::text[], $2::jsonb[]) AS t(k, v)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [entries.map(([k]) => k), entries.map(([, v]) => JSON.stringify(v))]
    )
  },
  async listTextModules() {
    return (await pool.query('SELECT * FROM text_modules ORDER BY lower(name) COLLATE "C", id COLLATE "C"')).rows.map(toModule)
  },
  async saveTextModule(m, at) {
    await pool.query(
      `INSERT INTO text_modules (id, name, keywords, content, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, keywords = excluded.keywords, content = excluded.content, updated_at = excluded.updated_at`,
      [m.id, m.name, m.keywords, m.content, at]
    )
    return { ...m, updatedAt: at }
  },
  async removeTextModule(id) {
    return (await pool.query('DELETE FROM text_modules WHERE id = $1', [id])).rowCount === 1
  },
  async putUpload(u, data) {
    await pool.query('INSERT INTO uploads (id, chat_id, author, mime, width, height, bytes, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)', [
      u.id,
      u.chatId,
      u.from,
      u.mime,
      u.width,
      u.height,
      u.bytes,
      data,
      u.createdAt
    ])
  },
  async uploadInfo(id) {
    const { rows } = await pool.query('SELECT id, chat_id, author, mime, width, height, bytes, created_at FROM uploads WHERE id = $1', [id])
    return rows[0] && toInfo(rows[0])
  },
  async getUpload(id) {
    const { rows } = await pool.query('SELECT * FROM uploads WHERE id = $1', [id])
    return rows[0] && { info: toInfo(rows[0]), data: rows[0].data as Buffer }
  }
})
