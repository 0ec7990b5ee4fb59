// `parley migrate --to postgres://…`: copies a single-node SQLite installation into PostgreSQL.
// Resumable: rows are copied in keyset-ordered batches with ON CONFLICT DO NOTHING, so running it
// again after an interruption skips what arrived and copies the rest. Search vectors are rebuilt
// from the shared normalisation; the ticket counter continues after the highest number. Ends by
// comparing the row count of every table.
import Database from 'better-sqlite3'
import { existsSync } from 'node:fs'
import type pg from 'pg'
import { partsText, type Part } from '../../protocol/index.js'
import { migratePg, openPool } from './pg-db.js'
import { MIGRATIONS } from './schema.js'
import { searchText } from './search-text.js'

type Row = Record<string, unknown>

const BATCH = 500
const bool = (v: unknown) => v === 1
const same = (v: unknown) => v

/** One table: how to page through it in SQLite and what each PostgreSQL column gets. */
interface TableCopy {
  name: string
  /** SQLite columns that order the rows and resume a page (a unique key) */
  key: string[]
  /** PostgreSQL column → [SQL type for unnest, value from the SQLite row] */
  columns: Record<string, [string, (r: Row) => unknown]>
  /** SQL expression per column when not the plain value (e.g. a tsvector) */
  expr?: Record<string, string>
}

const col = (name: string, type: string, conv: (v: unknown) => unknown = same): [string, (r: Row) => unknown] => [type, (r) => conv(r[name] ?? null)]

const TABLES: TableCopy[] = [
  {
    name: 'agents',
    key: ['rowid'],
    columns: {
      id: col('id', 'text'),
      email: col('email', 'text'),
      name: col('name', 'text'),
      display_name: col('display_name', 'text'),
      role: col('role', 'text'),
      password_hash: col('password_hash', 'text'),
      is_on: col('is_on', 'boolean', bool),
      max_chats: col('max_chats', 'integer'),
      greetings: col('greetings', 'jsonb'),
      sound: col('sound', 'boolean', bool),
      notifications: col('notifications', 'boolean', bool),
      disabled: col('disabled', 'boolean', bool),
      created_at: col('created_at', 'bigint')
    }
  },
  {
    name: 'sessions',
    key: ['rowid'],
    columns: {
      token_hash: col('token_hash', 'text'),
      agent_id: col('agent_id', 'text'),
      created_at: col('created_at', 'bigint'),
      expires_at: col('expires_at', 'bigint')
    }
  },
  {
    name: 'visitors',
    key: ['rowid'],
    columns: {
      id: col('id', 'text'),
      token_hash: col('token_hash', 'text'),
      name: col('name', 'text'),
      email: col('email', 'text'),
      verified: col('verified', 'integer'),
      external_id: col('external_id', 'text'),
      attributes: col('attributes', 'jsonb'),
      created_at: col('created_at', 'bigint')
    }
  },
  {
    // In rowid order, so PostgreSQL's insertion-order column (n) breaks ties as SQLite's rowid did.
    name: 'chats',
    key: ['rowid'],
    columns: {
      id: col('id', 'text'),
      visitor_id: col('visitor_id', 'text'),
      status: col('status', 'text'),
      title: col('title', 'text'),
      agent_id: col('agent_id', 'text'),
      created_at: col('created_at', 'bigint'),
      answered_at: col('answered_at', 'bigint'),
      ended_at: col('ended_at', 'bigint'),
      last_seq: col('last_seq', 'bigint'),
      first_text: col('first_text', 'text'),
      tags: col('tags', 'jsonb'),
      visitor: col('visitor', 'jsonb'),
      ip: col('ip', 'text'),
      user_agent: col('user_agent', 'text'),
      queued_at: ['bigint', (r) => (r.queued_at ?? r.created_at) as number],
      pages: col('pages', 'jsonb'),
      ticket_id: col('ticket_id', 'text'),
      search: [
        'text',
        (r) =>
          searchText(
            [r.title as string, ...(JSON.parse(r.tags as string) as string[]), (r.v_name as string | null) ?? '', (r.v_email as string | null) ?? ''].join(' ')
          )
      ]
    },
    expr: { search: "to_tsvector('simple', search)" }
  },
  {
    name: 'messages',
    key: ['chat_id', 'seq'],
    columns: {
      chat_id: col('chat_id', 'text'),
      seq: col('seq', 'bigint'),
      id: col('id', 'text'),
      author: col('author', 'text'),
      name: col('name', 'text'),
      parts: col('parts', 'jsonb'),
      at: col('at', 'bigint'),
      event: col('event', 'text'),
      search: ['text', (r) => (r.author === 'system' ? null : searchText(partsText(JSON.parse(r.parts as string) as Part[])))]
    },
    expr: { search: "CASE WHEN search IS NULL THEN NULL ELSE to_tsvector('simple', search) END" }
  },
  {
    name: 'text_modules',
    key: ['rowid'],
    columns: {
      id: col('id', 'text'),
      name: col('name', 'text'),
      keywords: col('keywords', 'text'),
      content: col('content', 'text'),
      created_at: col('created_at', 'bigint'),
      updated_at: col('updated_at', 'bigint')
    }
  },
  {
    name: 'tickets',
    key: ['rowid'],
    columns: {
      id: col('id', 'text'),
      number: col('number', 'bigint'),
      chat_id: col('chat_id', 'text'),
      title: col('title', 'text'),
      customer_name: col('customer_name', 'text'),
      customer_email: col('customer_email', 'text'),
      tags: col('tags', 'jsonb'),
      status: col('status', 'text'),
      note: col('note', 'text'),
      chat_url: col('chat_url', 'text'),
      created_by: col('created_by', 'text'),
      created_at: col('created_at', 'bigint'),
      webhook_status: col('webhook_status', 'text'),
      webhook_attempts: col('webhook_attempts', 'integer'),
      webhook_next_at: col('webhook_next_at', 'bigint'),
      webhook_error: col('webhook_error', 'text')
    }
  },
  { name: 'site_settings', key: ['key'], columns: { key: col('key', 'text'), value: col('value', 'jsonb') } },
  {
    name: 'uploads',
    key: ['rowid'],
    columns: {
      id: col('id', 'text'),
      chat_id: col('chat_id', 'text'),
      author: col('author', 'text'),
      mime: col('mime', 'text'),
      width: col('width', 'integer'),
      height: col('height', 'integer'),
      bytes: col('bytes', 'integer'),
      data: col('data', 'bytea'),
      created_at: col('created_at', 'bigint')
    }
  }
]

// The chats page joins the visitor for the search vector; other tables are read as they are.
const selectPage = (t: TableCopy): string => {
  const from = t.name === 'chats' ? 'chats c LEFT JOIN visitors v ON v.id = c.visitor_id' : t.name
  const cols = t.name === 'chats' ? 'c.rowid AS rowid, c.*, v.name AS v_name, v.email AS v_email' : t.key.includes('rowid') ? `rowid AS rowid, *` : '*'
  const key = t.key.map((k) => (t.name === 'chats' ? `c.${k}` : k))
  return `SELECT ${cols} FROM ${from} WHERE (${key.join(', ')}) > (${key.map(() => '?').join(', ')}) ORDER BY ${key.join(', ')} LIMIT ${BATCH}`
}

// JSON travels as text and is cast in SQL: a JS array inside the parameter array would be taken
// for a second array dimension.
const insertPage = (t: TableCopy): string => {
  const names = Object.keys(t.columns)
  const types = names.map((n) => t.columns[n]![0])
  const unnest = names.map((_, i) => `$${i + 1}::${types[i] === 'jsonb' ? 'text' : types[i]}[]`).join(', ')
  const values = names.map((n, i) => t.expr?.[n] ?? (types[i] === 'jsonb' ? `${n}::jsonb` : n)).join(', ')
  return `INSERT INTO ${t.name} (${names.join(', ')}) SELECT ${values} FROM unnest(${unnest}) AS t(${names.join(', ')}) ON CONFLICT DO NOTHING`
}

/** Rows per table in both databases after the copy. */
export type MigrateReport = { table: string; sqlite: number; postgres: number }[]

/** Copies the SQLite file `from` into the PostgreSQL database at `to`; `out` gets progress lines. Throws when the counts differ. */
export const migrateSqliteToPg = async (from: string, to: string, out: (line: string) => void): Promise<MigrateReport> => {
  if (!existsSync(from)) throw new Error(`no SQLite database at ${from} (set PARLEY_DATA_DIR or --from)`)
  const db = new Database(from, { readonly: true, fileMustExist: true })
  const pool = openPool({ url: to, applicationName: 'parley-migrate', max: 2 })
  try {
    const version = db.pragma('user_version', { simple: true }) as number
    if (version !== MIGRATIONS.length)
      throw new Error(
        `${from} is at schema version ${version}, this parley expects ${MIGRATIONS.length}: start this version of the relay on it once (or use the matching parley) before migrating`
      )
    await migratePg(pool)
    // One read transaction: every table from the same moment, even if a relay still writes.
    db.prepare('BEGIN').run()
    for (const t of TABLES) await copyTable(db, pool, t, out)
    db.prepare('COMMIT').run()
    await pool.query("UPDATE counters SET value = greatest(value, (SELECT coalesce(max(number), 0) FROM tickets)) WHERE name = 'ticket'")
    const report: MigrateReport = []
    for (const t of TABLES) {
      const sqlite = (db.prepare(`SELECT count(*) AS n FROM ${t.name}`).get() as { n: number }).n
      const postgres = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t.name}`)).rows[0]!.n
      report.push({ table: t.name, sqlite, postgres })
    }
    for (const r of report)
      out(
        `${r.table.padEnd(14)} ${String(r.sqlite).padStart(8)} in SQLite  ${String(r.postgres).padStart(8)} in PostgreSQL${r.sqlite === r.postgres ? '' : '  MISMATCH'}`
      )
    const bad = report.filter((r) => r.sqlite !== r.postgres)
    if (bad.length)
      throw new Error(
        `row counts differ in ${bad.map((r) => r.table).join(', ')}: was the target not empty, or did the relay write during the copy? Stop the relay and run migrate again`
      )
    return report
  } finally {
    db.close()
    await pool.end()
  }
}

const copyTable = async (db: Database.Database, pool: pg.Pool, t: TableCopy, out: (line: string) => void): Promise<void> => {
  const select = db.prepare(selectPage(t))
  const insert = insertPage(t)
  const names = Object.keys(t.columns)
  let after: unknown[] = t.key.map(() => (t.key.length > 1 || t.key[0] !== 'rowid' ? '' : -1))
  // chat_id is text, seq a number: start below both.
  if (t.name === 'messages') after = ['', -1]
  let copied = 0
  for (;;) {
    const rows = select.all(...after) as Row[]
    if (!rows.length) break
    const arrays = names.map((n) => rows.map((r) => t.columns[n]![1](r)))
    await pool.query(insert, arrays)
    copied += rows.length
    const last = rows[rows.length - 1]!
    after = t.key.map((k) => last[k])
  }
  out(`copied ${t.name}: ${copied} rows read`)
}
