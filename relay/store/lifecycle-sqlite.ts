// Retention, erasure, session revocation and online backup on SQLite. Deleting a chat cascades to
// its messages, uploads and ticket (foreign keys); the FTS5 archive has no foreign keys, so its
// rows are deleted here in the same transaction, or the words would outlive the chat.
import type Database from 'better-sqlite3'
import type { CustomerKey, Deleted, LifecycleStore } from './lifecycle.js'
import { unindexChats } from './sqlite-archive.js'
import type { Write } from './sqlite-writer.js'

/**
 * The lifecycle part of the Store. `withIndex` runs a write after the message entries still waiting
 * for the full-text index (sqlite-message-index.ts), so none of a deleted chat is written after it.
 */
export const sqliteLifecycle = (db: Database.Database, write: Write, withIndex: Write = write): LifecycleStore => {
  const q = {
    revoke: db.prepare('DELETE FROM sessions WHERE agent_id = ?'),
    ended: db.prepare("SELECT id, visitor_id FROM chats WHERE status = 'ended' AND ended_at < ?"),
    visitorsByEmail: db.prepare('SELECT id FROM visitors WHERE email = ? COLLATE NOCASE'),
    visitorByToken: db.prepare('SELECT id FROM visitors WHERE token_hash = ?'),
    chatsOf: db.prepare('SELECT id FROM chats WHERE visitor_id IN (SELECT value FROM json_each(?))'),
    chats: db.prepare('DELETE FROM chats WHERE id IN (SELECT value FROM json_each(?))'),
    orphans: db.prepare(
      'DELETE FROM visitors WHERE id IN (SELECT value FROM json_each(?)) AND NOT EXISTS (SELECT 1 FROM chats WHERE visitor_id = visitors.id)'
    ),
    visitors: db.prepare('DELETE FROM visitors WHERE id IN (SELECT value FROM json_each(?))')
  }

  const unindex = unindexChats(db)
  const deleteChats = (chatIds: string[]): number => {
    unindex(chatIds)
    return q.chats.run(JSON.stringify(chatIds)).changes
  }

  const retain = (endedBefore: number): Deleted => {
    const rows = q.ended.all(endedBefore) as { id: string; visitor_id: string }[]
    if (!rows.length) return { chats: 0, visitors: 0 }
    const chats = deleteChats(rows.map((r) => r.id))
    // A visitor whose every chat is gone is personal data with no purpose left.
    const visitors = q.orphans.run(JSON.stringify([...new Set(rows.map((r) => r.visitor_id))])).changes
    return { chats, visitors }
  }

  const erase = (key: CustomerKey): Deleted => {
    const found = ('email' in key ? q.visitorsByEmail.all(key.email.trim()) : q.visitorByToken.all(key.tokenHash)) as { id: string }[]
    if (!found.length) return { chats: 0, visitors: 0 }
    const visitorIds = JSON.stringify(found.map((v) => v.id))
    const chats = deleteChats((q.chatsOf.all(visitorIds) as { id: string }[]).map((c) => c.id))
    return { chats, visitors: q.visitors.run(visitorIds).changes }
  }

  return {
    async revokeSessions(agentId) {
      return write(() => q.revoke.run(agentId).changes)
    },
    async deleteEndedBefore(endedBefore) {
      return withIndex(() => retain(endedBefore))
    },
    async eraseCustomer(key) {
      return withIndex(() => erase(key))
    },
    async backup(file) {
      // SQLite's online backup API, all pages in one step: one read transaction, so the copy is
      // one consistent snapshot, and (WAL) the relay keeps writing meanwhile. In small steps, any
      // write by the relay would restart the copy, and a busy relay could keep it from ever finishing.
      await db.backup(file, { progress: () => 0x7fffffff })
    }
  }
}
