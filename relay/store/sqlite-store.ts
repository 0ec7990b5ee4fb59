// The Store on a SQLite file (better-sqlite3). WAL mode: readers never block the writer, and a
// committed transaction survives a crash of the process. Reads run at once; writes are group
// committed (sqlite-writer.ts): all of one event-loop turn in one transaction, each resolving once
// that transaction has committed.
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { partsText, randomId, type ChatMessage } from '../../protocol/index.js'
import { ARCHIVE_DEFAULTS, indexChat, sqliteArchive, type ArchiveOptions } from './sqlite-archive.js'
import { createMessageIndex } from './sqlite-message-index.js'
import { sqliteLifecycle } from './lifecycle-sqlite.js'
import { sqliteFeedback } from './sqlite-feedback.js'
import { sqliteSite } from './sqlite-site.js'
import { sqliteTextModules } from './sqlite-text-modules.js'
import { sqliteTickets } from './sqlite-tickets.js'
import { sqliteRows, type Row } from './rows.js'
import { sqliteLoginFailures } from './sqlite-login-failures.js'
import { MIGRATIONS } from './schema.js'
import { startCheckpointer } from './sqlite-checkpointer.js'
import { createWriter } from './sqlite-writer.js'
import { sqliteUploads } from './uploads-sqlite.js'
import type { Appended, ChatRecord, NewAgent, NewMessage, SessionRecord, Store } from './store.js'

const { toAgent, toChat, toMessage, toVisitor } = sqliteRows

/** The SQLite Store, plus what only this engine can tell. */
export interface SqliteStore extends Store {
  /** Group-commit counters since it opened: transactions committed, write operations run in them. */
  writeStats(): { commits: number; operations: number }
}

/** How the SQLite store runs: the archive's search limits (defaults: ARCHIVE_DEFAULTS), and checkpoints. */
export interface SqliteStoreOptions extends Partial<ArchiveOptions> {
  /**
   * Checkpoint the WAL from a worker thread this often, ms (sqlite-checkpointer.ts), instead of on
   * the committing thread; 0, the default, leaves it to SQLite (for short-lived stores: the CLI).
   */
  checkpointEveryMs?: number
  /** How long a message's full-text entry may wait for the next batch, ms (default MESSAGE_INDEX_LAG_MS, sqlite-message-index.ts). */
  messageIndexLagMs?: number
}

/**
 * Opens (creating if needed) the SQLite file at `file` and migrates it. `:memory:` works for
 * throwaway use.
 */
export const openSqliteStore = (file: string, options: SqliteStoreOptions = {}): SqliteStore => {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  // NORMAL in WAL mode: a commit is durable once it is in the WAL file, which survives a crash of
  // the relay process (SIGKILL); only an OS crash or power loss can lose the last transactions.
  db.pragma('synchronous = NORMAL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
  // Sorting and grouping (ORDER BY, GROUP BY) build their temporary tables in memory, not in files.
  db.pragma('temp_store = MEMORY')
  const version = db.pragma('user_version', { simple: true }) as number
  // Only when there is something to migrate: opening the file beside a running relay (the CLI) must not write.
  if (version < MIGRATIONS.length)
    db.transaction(() => {
      for (let i = version; i < MIGRATIONS.length; i++) db.exec(MIGRATIONS[i]!)
      db.pragma(`user_version = ${MIGRATIONS.length}`)
    }).immediate()

  const q = {
    agentById: db.prepare('SELECT * FROM agents WHERE id = ?'),
    agentByEmail: db.prepare('SELECT * FROM agents WHERE email = ?'),
    agents: db.prepare('SELECT * FROM agents ORDER BY created_at, id'),
    countAgents: db.prepare('SELECT count(*) AS n FROM agents'),
    insertAgent: db.prepare(
      'INSERT INTO agents (id, email, name, display_name, role, password_hash, is_on, max_chats, created_at) VALUES (@id, @email, @name, @displayName, @role, @passwordHash, 0, @maxChats, @createdAt)'
    ),
    removeAgent: db.prepare('DELETE FROM agents WHERE id = ?'),
    insertSession: db.prepare('INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)'),
    session: db.prepare('SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?'),
    deleteSession: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
    insertVisitor: db.prepare('INSERT INTO visitors (id, token_hash, name, email, verified, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    visitorByToken: db.prepare('SELECT * FROM visitors WHERE token_hash = ?'),
    visitorById: db.prepare('SELECT * FROM visitors WHERE id = ?'),
    insertChat: db.prepare(
      `INSERT INTO chats (id, visitor_id, status, title, agent_id, created_at, answered_at, ended_at, last_seq, first_text, tags, visitor, ip, user_agent, queued_at, pages,
         topic, outside_hours, offline)
       VALUES (@id, @visitorId, @status, @title, NULL, @createdAt, NULL, @endedAt, 0, @firstText, @tags, @visitor, @ip, @userAgent, @createdAt, @pages,
         @topic, @outsideHours, @offline)`
    ),
    chat: db.prepare('SELECT * FROM chats WHERE id = ?'),
    latestChat: db.prepare('SELECT * FROM chats WHERE visitor_id = ? ORDER BY created_at DESC, rowid DESC LIMIT 1'),
    chatsByStatus: db.prepare('SELECT * FROM chats WHERE status = ? ORDER BY queued_at, rowid'),
    transfer: db.prepare("UPDATE chats SET agent_id = ? WHERE id = ? AND agent_id = ? AND status = 'active'"),
    frontOfQueue: db.prepare("SELECT min(queued_at) AS q FROM chats WHERE status = 'waiting'"),
    requeue: db.prepare(
      "UPDATE chats SET status = 'waiting', agent_id = NULL, answered_at = NULL, queued_at = ? WHERE id = ? AND status = 'active' AND (? IS NULL OR agent_id = ?)"
    ),
    setPages: db.prepare('UPDATE chats SET pages = ? WHERE id = ?'),
    activeCount: db.prepare("SELECT count(*) AS n FROM chats WHERE agent_id = ? AND status = 'active'"),
    assign: db.prepare("UPDATE chats SET status = 'active', agent_id = ?, answered_at = ? WHERE id = ? AND status = 'waiting'"),
    end: db.prepare("UPDATE chats SET status = 'ended', ended_at = ? WHERE id = ? AND status != 'ended'"),
    // Not UPDATE … RETURNING: SQLite builds an ephemeral table for every RETURNING statement, which
    // cost four times the rest of an append put together.
    lastSeq: db.prepare('SELECT rowid, last_seq FROM chats WHERE id = ?'),
    setLastSeq: db.prepare('UPDATE chats SET last_seq = ? WHERE rowid = ?'),
    messageById: db.prepare('SELECT * FROM messages WHERE chat_id = ? AND id = ?'),
    insertMessage: db.prepare('INSERT INTO messages (chat_id, seq, id, author, name, parts, at, event) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    messagesAfter: db.prepare('SELECT * FROM messages WHERE chat_id = ? AND seq > ? ORDER BY seq LIMIT ?')
  }

  const background = file !== ':memory:' && (options.checkpointEveryMs ?? 0) > 0
  if (background) {
    // The event loop's own checkpoint (three fsyncs after a commit) runs only once the WAL holds
    // 40,000 frames (≈ 160 MB). Idle or at a moderate rate the checkpointer thread restarts the WAL
    // long before; under sustained load it cannot (see sqlite-checkpointer.ts), and this is then how
    // often the event loop stops for it: at 5,000 msg/s (≈ 4 frames a message) every ≈ 2 s, not
    // every ≈ 0.5 s as at 10,000 frames (strace of the relay's main thread: 3 checkpoints in an
    // 8 s run instead of 8). The WAL file may grow to that size under load.
    db.pragma('wal_autocheckpoint = 40000')
    // Once reset, a WAL grown past this is cut back.
    db.pragma('journal_size_limit = 67108864')
  }
  const checkpointer = background ? startCheckpointer(file, options.checkpointEveryMs!) : undefined
  const writer = createWriter(db)
  const w = writer.write
  // Message text reaches the full-text index in batches just behind the commit (see the file).
  const messageIndex = createMessageIndex(db, w, options.messageIndexLagMs)
  messageIndex.recover()

  // What each write does, run by the writer inside a savepoint of the turn's transaction.
  const append = (chatId: string, m: NewMessage): Appended => {
    const chat = q.lastSeq.get(chatId) as { rowid: number; last_seq: number } | undefined
    if (!chat) throw new Error('chat not found: ' + chatId)
    const seq = chat.last_seq + 1
    // Insert first and look for the earlier copy only when UNIQUE (chat_id, id) refuses it: resends
    // are rare, and a read before every insert cost ≈ 3 µs per message. SQLite undoes only the
    // refused statement (ABORT), so the transaction and the batch go on.
    try {
      q.insertMessage.run(chatId, seq, m.id, m.from, m.name ?? null, JSON.stringify(m.parts), m.at, m.event ?? null)
    } catch (err) {
      const existing = (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? (q.messageById.get(chatId, m.id) as Row | undefined) : undefined
      if (existing) return { message: toMessage(existing), duplicate: true }
      throw err
    }
    q.setLastSeq.run(seq, chat.rowid)
    if (m.from !== 'system') messageIndex.add(chat.rowid, seq, partsText(m.parts))
    const message: ChatMessage = { id: m.id, chatId, seq, from: m.from, parts: m.parts, at: m.at }
    if (m.name !== undefined) message.name = m.name
    if (m.event !== undefined) message.event = m.event
    return { message, duplicate: false }
  }

  const assign = (chatId: string, agentId: string, maxChats: number, at: number) => {
    const row = q.chat.get(chatId) as Row | undefined
    if (!row) return 'not_found' as const
    if (row.status !== 'waiting') return 'taken' as const
    if ((q.activeCount.get(agentId) as { n: number }).n >= maxChats) return 'max_chats' as const
    return q.assign.run(agentId, at, chatId).changes === 1 ? ('ok' as const) : ('taken' as const)
  }

  const transfer = (chatId: string, from: string, to: string, maxChats: number) => {
    const row = q.chat.get(chatId) as Row | undefined
    if (row?.status !== 'active' || row.agent_id !== from) return 'not_yours' as const
    if ((q.activeCount.get(to) as { n: number }).n >= maxChats) return 'max_chats' as const
    q.transfer.run(to, chatId, from)
    return 'ok' as const
  }

  const agentColumns: Record<string, string> = {
    name: 'name',
    displayName: 'display_name',
    role: 'role',
    passwordHash: 'password_hash',
    on: 'is_on',
    maxChats: 'max_chats',
    greetings: 'greetings',
    sound: 'sound',
    notifications: 'notifications',
    disabled: 'disabled'
  }
  const visitorColumns = {
    name: db.prepare('UPDATE visitors SET name = ? WHERE id = ?'),
    email: db.prepare('UPDATE visitors SET email = ? WHERE id = ?'),
    verified: db.prepare('UPDATE visitors SET verified = ? WHERE id = ?'),
    externalId: db.prepare('UPDATE visitors SET external_id = ? WHERE id = ?'),
    attributes: db.prepare('UPDATE visitors SET attributes = ? WHERE id = ?')
  }
  const chatsOfVisitor = db.prepare('SELECT id FROM chats WHERE visitor_id = ?')
  const setTitle = db.prepare('UPDATE chats SET title = ? WHERE id = ?')
  const setTags = db.prepare('UPDATE chats SET tags = ? WHERE id = ?')
  const reindexChat = indexChat(db)
  const archive = sqliteArchive(
    db,
    file,
    {
      searchTimeoutMs: options.searchTimeoutMs ?? ARCHIVE_DEFAULTS.searchTimeoutMs,
      searchMinPrefix: options.searchMinPrefix ?? ARCHIVE_DEFAULTS.searchMinPrefix
    },
    async (id) => getChatNow(id)
  )
  const getAgentNow = (id: string) => {
    const r = q.agentById.get(id) as Row | undefined
    return r && toAgent(r)
  }
  const getChatNow = (id: string) => {
    const r = q.chat.get(id) as Row | undefined
    return r && toChat(r)
  }

  const store: SqliteStore = {
    writeStats: () => ({ ...writer.stats }),
    async createAgent(a: NewAgent) {
      const rec = { ...a, id: randomId(12), createdAt: Date.now() }
      return w(() => {
        q.insertAgent.run(rec)
        return getAgentNow(rec.id)!
      })
    },
    async createFirstAgent(a: NewAgent) {
      const rec = { ...a, id: randomId(12), createdAt: Date.now() }
      // One write transaction: the count and the insert cannot be split by another writer.
      return w(() => {
        if ((q.countAgents.get() as { n: number }).n > 0) return undefined
        q.insertAgent.run(rec)
        return getAgentNow(rec.id)!
      })
    },
    async getAgent(id) {
      return getAgentNow(id)
    },
    async getAgentByEmail(email) {
      const r = q.agentByEmail.get(email) as Row | undefined
      return r && toAgent(r)
    },
    async listAgents() {
      return (q.agents.all() as Row[]).map(toAgent)
    },
    async updateAgent(id, patch) {
      const sets: string[] = []
      const values: unknown[] = []
      for (const [k, v] of Object.entries(patch)) {
        const col = agentColumns[k]
        if (!col || v === undefined) continue
        sets.push(`${col} = ?`)
        values.push(typeof v === 'boolean' ? Number(v) : Array.isArray(v) ? JSON.stringify(v) : v)
      }
      if (!sets.length) return getAgentNow(id)
      const update = db.prepare(`UPDATE agents SET ${sets.join(', ')} WHERE id = ?`)
      return w(() => {
        update.run(...values, id)
        return getAgentNow(id)
      })
    },
    async removeAgent(id) {
      return w(() => q.removeAgent.run(id).changes === 1)
    },
    async countAgents() {
      return (q.countAgents.get() as { n: number }).n
    },
    async createSession(s: SessionRecord) {
      await w(() => q.insertSession.run(s.tokenHash, s.agentId, s.createdAt, s.expiresAt))
    },
    async getSession(tokenHash, now) {
      const r = q.session.get(tokenHash, now) as Row | undefined
      return r && { tokenHash, agentId: r.agent_id as string, createdAt: r.created_at as number, expiresAt: r.expires_at as number }
    },
    async deleteSession(tokenHash) {
      await w(() => q.deleteSession.run(tokenHash))
    },
    async createVisitor(v) {
      await w(() => q.insertVisitor.run(v.id, v.tokenHash, v.name ?? null, v.email ?? null, Number(v.verified), v.createdAt))
    },
    async getVisitorByToken(tokenHash) {
      const r = q.visitorByToken.get(tokenHash) as Row | undefined
      return r && toVisitor(r)
    },
    async getVisitor(id) {
      const r = q.visitorById.get(id) as Row | undefined
      return r && toVisitor(r)
    },
    async createChat(chat, first, oneOpen) {
      return w((): { chat: ChatRecord; message: ChatMessage; existing?: true } => {
        // One open chat per visitor (see Store.createChat).
        const open = oneOpen ? (q.latestChat.get(chat.visitorId) as Row | undefined) : undefined
        if (open && open.status !== 'ended') {
          const [message] = (q.messagesAfter.all(open.id, 0, 1) as Row[]).map((r) => toMessage(r))
          return { chat: toChat(open), message: message!, existing: true }
        }
        q.insertChat.run({
          ...chat,
          tags: JSON.stringify(chat.tags),
          visitor: JSON.stringify(chat.visitor),
          pages: JSON.stringify(
            chat.visitor.url ? [{ url: chat.visitor.url, ...(chat.visitor.title ? { title: chat.visitor.title } : {}), at: chat.createdAt }] : []
          ),
          ip: chat.ip ?? null,
          userAgent: chat.userAgent ?? null,
          endedAt: chat.endedAt ?? null,
          topic: chat.topic ?? null,
          outsideHours: Number(!!chat.outsideHours),
          offline: Number(!!chat.offline)
        })
        const { message } = append(chat.id, first)
        reindexChat(chat.id)
        return { chat: getChatNow(chat.id)!, message }
      })
    },
    async getChat(id) {
      return getChatNow(id)
    },
    async latestChatOf(visitorId) {
      const r = q.latestChat.get(visitorId) as Row | undefined
      return r && toChat(r)
    },
    async listChats(status) {
      return (q.chatsByStatus.all(status) as Row[]).map(toChat)
    },
    async assignChat(chatId, agentId, maxChats, at) {
      return w(() => assign(chatId, agentId, maxChats, at))
    },
    async endChat(chatId, at) {
      return w(() => q.end.run(at, chatId).changes === 1)
    },
    async transferChat(chatId, from, to, maxChats) {
      return w(() => transfer(chatId, from, to, maxChats))
    },
    async requeueChat(chatId, fromAgentId) {
      return w(() => {
        const front = (q.frontOfQueue.get() as { q: number | null }).q
        const from = fromAgentId ?? null
        // In front of everyone waiting: the customer already waited once.
        return q.requeue.run(front === null ? Date.now() : front - 1, chatId, from, from).changes === 1
      })
    },
    async updateChat(chatId, patch) {
      return w(() => {
        if (patch.title !== undefined) setTitle.run(patch.title, chatId)
        if (patch.tags !== undefined) setTags.run(JSON.stringify(patch.tags), chatId)
        reindexChat(chatId)
        return getChatNow(chatId)
      })
    },
    async addPage(chatId, page) {
      await w(() => {
        const row = q.chat.get(chatId) as Row | undefined
        if (!row) return
        const pages = JSON.parse(row.pages as string) as unknown[]
        // Bounded: a customer browsing for hours keeps the latest 100 pages.
        q.setPages.run(JSON.stringify([...pages, page].slice(-100)), chatId)
      })
    },
    async updateVisitor(id, patch) {
      await w(() => {
        if (patch.name !== undefined) visitorColumns.name.run(patch.name, id)
        if (patch.email !== undefined) visitorColumns.email.run(patch.email, id)
        if (patch.verified !== undefined) visitorColumns.verified.run(Number(patch.verified), id)
        if (patch.externalId !== undefined) visitorColumns.externalId.run(patch.externalId, id)
        if (patch.attributes !== undefined) visitorColumns.attributes.run(JSON.stringify(patch.attributes), id)
        for (const { id: chatId } of chatsOfVisitor.all(id) as { id: string }[]) reindexChat(chatId)
      })
    },
    async searchChats(query, limit) {
      await messageIndex.writePending()
      return archive.searchChats(query, limit)
    },
    recentChats: archive.recentChats,
    listTags: archive.listTags,
    async searchArchive(query, page) {
      await messageIndex.writePending()
      return archive.searchArchive(query, page)
    },
    recentArchive: archive.recentArchive,
    ...sqliteTextModules(db, w),
    ...sqliteTickets(db, w),
    ...sqliteLoginFailures(db, w),
    ...sqliteSite(db, w),
    ...sqliteFeedback(db, w),
    ...sqliteUploads(db, w),
    ...sqliteLifecycle(db, w, messageIndex.withPending),
    async appendMessage(chatId, m) {
      return w(() => append(chatId, m))
    },
    async messagesAfter(chatId, after, limit) {
      return (q.messagesAfter.all(chatId, after, limit) as Row[]).map((r) => toMessage(r))
    },
    async close() {
      // What was asked for before close() is written, then nothing more.
      void messageIndex.writePending().catch(() => {})
      writer.flush()
      await archive.closeArchive()
      await checkpointer?.stop()
      db.close()
    }
  }
  return store
}
