// Text modules (canned replies) on SQLite.
import type Database from 'better-sqlite3'
import type { TextModule } from '../../protocol/index.js'
import type { Write } from './sqlite-writer.js'
import type { Store } from './store.js'

type Row = { id: string; name: string; keywords: string; content: string; updated_at: number }
const toModule = (r: Row): TextModule => ({ id: r.id, name: r.name, keywords: r.keywords, content: r.content, updatedAt: r.updated_at })

/** The text-module part of the Store. */
export const sqliteTextModules = (db: Database.Database, write: Write): Pick<Store, 'listTextModules' | 'saveTextModule' | 'removeTextModule'> => {
  const list = db.prepare('SELECT * FROM text_modules ORDER BY name COLLATE NOCASE, id')
  const upsert = db.prepare(
    `INSERT INTO text_modules (id, name, keywords, content, created_at, updated_at) VALUES (@id, @name, @keywords, @content, @at, @at)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, keywords = excluded.keywords, content = excluded.content, updated_at = excluded.updated_at`
  )
  const remove = db.prepare('DELETE FROM text_modules WHERE id = ?')
  return {
    async listTextModules() {
      return (list.all() as Row[]).map(toModule)
    },
    async saveTextModule(m, at) {
      await write(() => upsert.run({ ...m, at }))
      return { ...m, updatedAt: at }
    },
    async removeTextModule(id) {
      return write(() => remove.run(id).changes === 1)
    }
  }
}
