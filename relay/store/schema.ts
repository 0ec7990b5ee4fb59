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
  `
]
