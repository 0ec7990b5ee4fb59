// Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE agents (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'agent')),
    password_hash TEXT NOT NULL,
    is_on INTEGER NOT NULL DEFAULT 0,
    max_chats INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX sessions_agent ON sessions(agent_id);

  CREATE TABLE visitors (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    name TEXT,
    email TEXT,
    verified INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE chats (
    id TEXT PRIMARY KEY,
    visitor_id TEXT NOT NULL REFERENCES visitors(id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'ended')),
    title TEXT NOT NULL,
    agent_id TEXT REFERENCES agents(id) ON DELETE SET NULL,
    created_at INTEGER NOT NULL,
    answered_at INTEGER,
    ended_at INTEGER,
    last_seq INTEGER NOT NULL DEFAULT 0,
    first_text TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    visitor TEXT NOT NULL DEFAULT '{}',
    ip TEXT,
    user_agent TEXT
  ) STRICT;
  CREATE INDEX chats_status ON chats(status, created_at);
  CREATE INDEX chats_visitor ON chats(visitor_id, created_at);
  CREATE INDEX chats_agent ON chats(agent_id, status);

  CREATE TABLE messages (
    chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    author TEXT NOT NULL CHECK (author IN ('customer', 'agent', 'system')),
    name TEXT,
    parts TEXT NOT NULL,
    at INTEGER NOT NULL,
    event TEXT,
    PRIMARY KEY (chat_id, seq),
    UNIQUE (chat_id, id)
  ) STRICT, WITHOUT ROWID;
  `,
  // 2: the agent panel — agent settings, queue order, pages visited, archive search, text modules,
  // tickets with their webhook deliveries, and site settings.
  `
  ALTER TABLE agents ADD COLUMN greetings TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE agents ADD COLUMN sound INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE agents ADD COLUMN notifications INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE agents ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;

  ALTER TABLE chats ADD COLUMN queued_at INTEGER;
  UPDATE chats SET queued_at = created_at;
  CREATE INDEX chats_queue ON chats(status, queued_at);
  ALTER TABLE chats ADD COLUMN pages TEXT NOT NULL DEFAULT '[]';
  ALTER TABLE chats ADD COLUMN ticket_id TEXT;

  CREATE VIRTUAL TABLE message_fts USING fts5(text, chat_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
  CREATE VIRTUAL TABLE chat_fts USING fts5(title, tags, customer, chat_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
  -- chat_fts rows share the chat's rowid; index what is already stored.
  INSERT INTO chat_fts (rowid, title, tags, customer, chat_id)
    SELECT c.rowid, c.title, '', trim(coalesce(v.name, '') || ' ' || coalesce(v.email, '')), c.id FROM chats c JOIN visitors v ON v.id = c.visitor_id;
  INSERT INTO message_fts (text, chat_id)
    SELECT (SELECT group_concat(json_extract(p.value, '$.text'), ' ') FROM json_each(m.parts) p WHERE json_extract(p.value, '$.type') = 'text'), m.chat_id
    FROM messages m WHERE m.author != 'system';

  CREATE TABLE text_modules (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    keywords TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE tickets (
    id TEXT PRIMARY KEY,
    number INTEGER NOT NULL UNIQUE,
    chat_id TEXT NOT NULL UNIQUE REFERENCES chats(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    customer_name TEXT,
    customer_email TEXT,
    tags TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
    note TEXT NOT NULL,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    webhook_status TEXT NOT NULL DEFAULT 'none' CHECK (webhook_status IN ('none', 'pending', 'delivered', 'failed')),
    webhook_attempts INTEGER NOT NULL DEFAULT 0,
    webhook_next_at INTEGER,
    webhook_error TEXT
  ) STRICT;
  CREATE INDEX tickets_status ON tickets(status, created_at);
  CREATE INDEX tickets_webhook ON tickets(webhook_status, webhook_next_at);

  CREATE TABLE site_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `,
  // 3: who the customer says they are (identify) and what the site tells about them (attributes).
  `
  ALTER TABLE visitors ADD COLUMN external_id TEXT;
  ALTER TABLE visitors ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
  `,
  // 4: the console link of a ticket's chat, for the ticket view and the webhook.
  `
  ALTER TABLE tickets ADD COLUMN chat_url TEXT NOT NULL DEFAULT '';
  `,
  // 5: uploaded images, stored in the chat they were uploaded into (deleted with it); the index
  // that lets the retention sweep find ended chats by when they ended.
  `
  CREATE TABLE uploads (
    id TEXT PRIMARY KEY,
    chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    author TEXT NOT NULL CHECK (author IN ('customer', 'agent')),
    mime TEXT NOT NULL CHECK (mime IN ('image/png', 'image/jpeg', 'image/gif', 'image/webp')),
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX uploads_chat ON uploads(chat_id);
  CREATE INDEX chats_ended ON chats(status, ended_at);
  `,
  // 6: reports — when each agent was online (chat on, console connected), chats by when they
  // started whatever their status, and each chat's first join and agent reply (relay/reports/).
  `
  CREATE TABLE agent_online (
    agent_id TEXT NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
    started_at INTEGER NOT NULL,
    ended_at INTEGER
  ) STRICT;
  CREATE INDEX agent_online_span ON agent_online(started_at, ended_at);
  CREATE INDEX chats_created ON chats(created_at);
  -- A chat's first join and first agent reply are one index seek each (partial, so small): without
  -- them a 30-day report reads every message of every chat in the period.
  CREATE INDEX messages_joined ON messages(chat_id, at) WHERE author = 'system' AND event = 'joined';
  CREATE INDEX messages_agent ON messages(chat_id, at, id) WHERE author = 'agent';
  `,
  // 7: the message index keyed by chat and seq: rowid = chat rowid × 2^24 + seq (MESSAGE_ROWID_SHIFT
  // in sqlite-archive.ts). Newest chat first is descending rowid, a chat's hits are adjacent, the
  // chat of a hit needs no lookup, and a chat's entries are one rowid range. It holds only the text.
  `
  DROP TABLE message_fts;
  CREATE VIRTUAL TABLE message_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
  INSERT INTO message_fts (rowid, text)
    SELECT c.rowid * 16777216 + m.seq,
      (SELECT group_concat(CASE json_extract(p.value, '$.type') WHEN 'text' THEN json_extract(p.value, '$.text') ELSE '[image]' END, char(10))
       FROM json_each(m.parts) p)
    FROM messages m JOIN chats c ON c.id = m.chat_id
    WHERE m.author != 'system' AND m.seq < 16777216;
  `,
  // 8: failed logins per email (a sha256, never the address), shared by every relay node and kept
  // across restarts (security/lockout.ts); a row goes once its window and lock are over.
  `
  CREATE TABLE login_failures (
    key TEXT PRIMARY KEY,
    count INTEGER NOT NULL,
    since INTEGER NOT NULL,
    locked_until INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX login_failures_expiry ON login_failures(expires_at);
  `,
  // 9: issue 12 — the pre-chat topic, the visitor's rating, whether a chat came in outside business
  // hours or through the offline form, how far each side has read (read receipts, monotonic), the
  // ticket's copy of the rating and origin, and internal notes (never messages: the customer's
  // sequence stays gapless and notes never reach them).
  `
  ALTER TABLE chats ADD COLUMN topic TEXT;
  ALTER TABLE chats ADD COLUMN rating TEXT CHECK (rating IN ('good', 'bad'));
  ALTER TABLE chats ADD COLUMN rating_comment TEXT;
  ALTER TABLE chats ADD COLUMN outside_hours INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE chats ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE chats ADD COLUMN customer_read INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE chats ADD COLUMN agent_read INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tickets ADD COLUMN rating TEXT;
  ALTER TABLE tickets ADD COLUMN rating_comment TEXT;
  ALTER TABLE tickets ADD COLUMN offline INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tickets ADD COLUMN outside_hours INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE notes (
    chat_id TEXT NOT NULL REFERENCES chats(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    agent_id TEXT NOT NULL,
    name TEXT NOT NULL,
    text TEXT NOT NULL,
    at INTEGER NOT NULL,
    PRIMARY KEY (chat_id, id)
  ) STRICT, WITHOUT ROWID;
  `
]
