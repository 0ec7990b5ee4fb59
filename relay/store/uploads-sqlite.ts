// Uploads on SQLite: BLOBs in the `uploads` table, beside the chat they belong to, so one backup
// file holds everything and deleting a chat deletes its images (ON DELETE CASCADE).
import type Database from 'better-sqlite3'
import type { Write } from './sqlite-writer.js'
import type { UploadInfo, UploadStore } from './uploads.js'

type Row = Record<string, unknown>

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

/** The upload part of the Store. */
export const sqliteUploads = (db: Database.Database, write: Write): UploadStore => {
  const insert = db.prepare(
    'INSERT INTO uploads (id, chat_id, author, mime, width, height, bytes, data, created_at) VALUES (@id, @chatId, @from, @mime, @width, @height, @bytes, @data, @createdAt)'
  )
  const info = db.prepare('SELECT id, chat_id, author, mime, width, height, bytes, created_at FROM uploads WHERE id = ?')
  const withData = db.prepare('SELECT * FROM uploads WHERE id = ?')
  return {
    async putUpload(u, data) {
      await write(() => insert.run({ ...u, data }))
    },
    async uploadInfo(id) {
      const r = info.get(id) as Row | undefined
      return r && toInfo(r)
    },
    async getUpload(id) {
      const r = withData.get(id) as Row | undefined
      return r && { info: toInfo(r), data: r.data as Buffer }
    }
  }
}
