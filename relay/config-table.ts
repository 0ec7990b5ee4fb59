// Every setting of the relay in one table: its key, environment variable, default, unit, range and
// meaning. The loader (config.ts) reads and validates from it, `RelayConfig` is derived from it, and
// README's "Configuration" table is checked against it (test/relay/config-table.test.ts).
//
// To add a setting: add one row below (keep related rows together), then paste the README table
// the failing test prints. Nothing else is needed for a plain value: its type, default, environment
// variable, range check and documentation all come from the row. A rule that spans two settings
// (one must not exceed another) goes into `checkTogether` in config.ts.

/** A whole number within [min, max]. */
interface IntSetting {
  kind: 'int'
  key: string
  /** environment variable; absent for settings only code sets */
  env?: string
  default: number
  /** what one unit is: ms, bytes, characters, … */
  unit: string
  min: number
  max: number
  doc: string
  /** README's default column when the value alone would not say it (e.g. "7 days") */
  shown?: string
}

/** A string: free text, one of `values`, an http(s) URL, a folder or a secret. */
interface StringSetting {
  kind: 'string' | 'url' | 'path'
  key: string
  env?: string
  default: string
  doc: string
  shown?: string
  /** shortest non-empty value (keys that could be brute-forced) */
  minChars?: number
  /** one of these values */
  values?: readonly string[]
}

/** A comma-separated list in the environment, an array in the config. */
interface ListSetting {
  kind: 'list'
  key: string
  env?: string
  default: readonly string[]
  doc: string
  shown?: string
}

/** One row of the table. */
export type Setting = IntSetting | StringSetting | ListSetting

const MiB = 1024 * 1024
const DAY_MS = 24 * 3600_000

/** The table. Frozen deeply: nothing may change a default at run time. */
export const SETTINGS = deepFreeze([
  // ---- where and how it runs ----
  { kind: 'int', key: 'port', env: 'PORT', default: 8080, unit: 'port', min: 1, max: 65535, doc: 'TCP port' },
  { kind: 'string', key: 'host', env: 'HOST', default: '127.0.0.1', doc: 'interface to listen on (`0.0.0.0` for all)' },
  { kind: 'path', key: 'dataDir', env: 'PARLEY_DATA_DIR', default: './data', doc: 'folder of the SQLite file `parley.db` (and uploads)' },
  {
    kind: 'string',
    key: 'databaseUrl',
    env: 'PARLEY_DATABASE_URL',
    default: '',
    shown: 'none (SQLite)',
    doc: 'PostgreSQL instead of SQLite: `postgres://user:password@host:5432/db`; the schema is created and migrated on start; one relay node per database unless `PARLEY_REDIS_URL` is set too'
  },
  {
    kind: 'string',
    key: 'redisUrl',
    env: 'PARLEY_REDIS_URL',
    default: '',
    shown: 'none',
    doc: 'cluster mode: `redis://[user:password@]host:6379[/db]`; several relay nodes on one PostgreSQL (requires `PARLEY_DATABASE_URL`) share events, presence and availability through this Redis'
  },
  {
    kind: 'string',
    key: 'redisPrefix',
    env: 'PARLEY_REDIS_PREFIX',
    default: 'parley:',
    doc: 'prefix of every Redis key and channel (one per Parley installation sharing a Redis)'
  },
  {
    kind: 'string',
    key: 'nodeId',
    env: 'PARLEY_NODE_ID',
    default: '',
    shown: 'host-pid-random',
    doc: "this node's name in cluster mode (presence, logs, `pg_stat_activity`); unique per running node"
  },
  {
    kind: 'int',
    key: 'presenceRefreshMs',
    env: 'PARLEY_PRESENCE_REFRESH_MS',
    default: 2000,
    unit: 'ms',
    min: 50,
    max: 60_000,
    doc: 'cluster mode: each node re-announces its agents in Redis this often (the reaper runs twice as often)'
  },
  {
    kind: 'int',
    key: 'presenceTtlMs',
    env: 'PARLEY_PRESENCE_TTL_MS',
    default: 6000,
    unit: 'ms',
    min: 150,
    max: 600_000,
    doc: "cluster mode: a node's agents stop counting this long after its last announcement (a dead node); at least 3 refreshes"
  },
  { kind: 'string', key: 'adminEmail', env: 'PARLEY_ADMIN_EMAIL', default: 'admin@example.com', doc: 'the admin created on first start' },
  { kind: 'string', key: 'adminPassword', env: 'PARLEY_ADMIN_PASSWORD', default: '', shown: 'generated', doc: "that admin's password" },
  {
    kind: 'string',
    key: 'logLevel',
    env: 'PARLEY_LOG_LEVEL',
    default: 'info',
    values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
    doc: 'pino log level (message text and secrets are never logged)'
  },
  {
    kind: 'url',
    key: 'publicUrl',
    env: 'PARLEY_PUBLIC_URL',
    default: '',
    shown: "the request's address",
    doc: 'base URL in links (tickets, webhooks), e.g. `https://chat.example.com`'
  },
  {
    kind: 'list',
    key: 'trustedProxies',
    env: 'PARLEY_TRUSTED_PROXIES',
    default: [],
    shown: 'none',
    doc: 'comma list of proxy addresses/CIDRs whose `X-Forwarded-For` is believed'
  },
  { kind: 'path', key: 'distDir', default: './dist', doc: 'the built widget and console (set by `parley start`)' },
  { kind: 'path', key: 'demoDir', default: './demo-site', doc: 'the demo shop (set by `parley start`)' },
  // ---- who may connect ----
  {
    kind: 'list',
    key: 'allowedOrigins',
    env: 'PARLEY_ALLOWED_ORIGINS',
    default: [],
    shown: "the relay's own origin",
    doc: 'comma list of origins (`https://shop.example`, `https://*.example.com`, `*`) whose pages may embed the widget; admins add more in the console, and both lists count'
  },
  {
    kind: 'string',
    key: 'identitySecret',
    env: 'PARLEY_IDENTITY_SECRET',
    default: '',
    shown: 'empty: no claim verified',
    minChars: 16,
    doc: 'key of `Parley.identify()` proofs: the HS256 `token` and the HMAC-SHA256 `hash` of the user id'
  },
  {
    kind: 'int',
    key: 'sessionTtlMs',
    env: 'PARLEY_SESSION_TTL_MS',
    default: 7 * DAY_MS,
    shown: '7 days',
    unit: 'ms',
    min: 1000,
    max: 365 * DAY_MS,
    doc: "how long an agent's login lasts"
  },
  // ---- presence and chats ----
  {
    kind: 'int',
    key: 'agentGraceMs',
    env: 'PARLEY_AGENT_GRACE_MS',
    default: 3000,
    unit: 'ms',
    min: 1,
    max: 3600_000,
    doc: 'an agent whose console closed still counts as online this long (a reload)'
  },
  {
    kind: 'int',
    key: 'heartbeatMs',
    env: 'PARLEY_HEARTBEAT_MS',
    default: 4000,
    unit: 'ms',
    min: 10,
    max: 600_000,
    doc: 'the relay pings every socket this often; a silent one is dropped at the next ping'
  },
  {
    kind: 'int',
    key: 'chatGraceMs',
    env: 'PARLEY_CHAT_GRACE_MS',
    default: 60_000,
    unit: 'ms',
    min: 1,
    max: DAY_MS,
    doc: "a vanished agent's chats stay theirs this long, then go to the front of the queue (at least the agent grace)"
  },
  {
    kind: 'int',
    key: 'helloTimeoutMs',
    env: 'PARLEY_HELLO_TIMEOUT_MS',
    default: 10_000,
    unit: 'ms',
    min: 100,
    max: 600_000,
    doc: 'a socket must send its hello within this time'
  },
  {
    kind: 'int',
    key: 'defaultMaxChats',
    env: 'PARLEY_DEFAULT_MAX_CHATS',
    default: 4,
    unit: 'chats',
    min: 1,
    max: 20,
    doc: "a new agent's maximum simultaneous chats (each agent can change theirs)"
  },
  // ---- webhooks ----
  {
    kind: 'url',
    key: 'webhookUrl',
    env: 'PARLEY_WEBHOOK_URL',
    default: '',
    shown: 'none',
    doc: 'help desk endpoint for new tickets (POST JSON, signed as Standard Webhooks)'
  },
  {
    kind: 'string',
    key: 'webhookSecret',
    env: 'PARLEY_WEBHOOK_SECRET',
    default: '',
    shown: '—',
    doc: 'required with the URL: `whsec_` and the base64 of at least 24 random bytes (README, "Webhooks")'
  },
  {
    kind: 'int',
    key: 'webhookMaxAttempts',
    env: 'PARLEY_WEBHOOK_MAX_ATTEMPTS',
    default: 8,
    unit: 'attempts',
    min: 1,
    max: 100,
    doc: 'delivery attempts (with backoff) before a webhook is marked failed in the console'
  },
  {
    kind: 'int',
    key: 'webhookPollMs',
    env: 'PARLEY_WEBHOOK_POLL_MS',
    default: 1000,
    unit: 'ms',
    min: 10,
    max: 600_000,
    doc: 'how often due webhook deliveries are looked for'
  },
  {
    kind: 'int',
    key: 'webhookLeaseMs',
    env: 'PARLEY_WEBHOOK_LEASE_MS',
    default: 60_000,
    unit: 'ms',
    min: 1000,
    max: 3600_000,
    doc: 'how long the node that claimed a due delivery has it alone (several nodes: another retries it after this if that node died); a request times out after half of it, 10 s at most'
  },
  // ---- mail (transcripts) and the offline form ----
  {
    kind: 'string',
    key: 'smtpUrl',
    env: 'PARLEY_SMTP_URL',
    default: '',
    shown: 'none: no transcript mail',
    doc: 'SMTP server for transcript mail: `smtp://user:password@host:587` (STARTTLS when offered), `smtps://…:465`, `?tls=off` for a local server without TLS; needs PARLEY_MAIL_FROM'
  },
  {
    kind: 'string',
    key: 'mailFrom',
    env: 'PARLEY_MAIL_FROM',
    default: '',
    shown: '—',
    doc: 'the From address of transcript mail, e.g. `Shop Support <support@shop.example>`; needs PARLEY_SMTP_URL'
  },
  {
    kind: 'int',
    key: 'maxTranscriptMailsPerHourPerIp',
    env: 'PARLEY_MAX_TRANSCRIPT_MAILS_PER_HOUR_PER_IP',
    default: 5,
    unit: 'mails/h',
    min: 1,
    max: 1_000_000,
    doc: 'transcript mails one IP may ask for in any hour (the relay must not become a mail cannon); in cluster mode counted for all nodes together in Redis'
  },
  {
    kind: 'int',
    key: 'maxOfflineMessagesPerHourPerIp',
    env: 'PARLEY_MAX_OFFLINE_MESSAGES_PER_HOUR_PER_IP',
    default: 5,
    unit: 'messages/h',
    min: 1,
    max: 1_000_000,
    doc: 'offline-form messages (each a ticket) one IP may send in any hour; in cluster mode counted for all nodes together in Redis'
  },
  // ---- messages and frames ----
  {
    kind: 'int',
    key: 'maxTextChars',
    env: 'PARLEY_MAX_TEXT_CHARS',
    default: 5000,
    unit: 'characters',
    min: 1,
    max: 20_000,
    doc: 'characters in one message (a frame must be able to carry it: see maxFrameBytes)'
  },
  {
    kind: 'int',
    key: 'maxFrameBytes',
    env: 'PARLEY_MAX_FRAME_BYTES',
    default: 64 * 1024,
    unit: 'bytes',
    min: 4096,
    max: 16 * MiB,
    doc: 'largest WebSocket frame; at least 6 × maxTextChars + 4096 (JSON may spell a character in 6 bytes)'
  },
  {
    kind: 'int',
    key: 'maxSendBufferBytes',
    env: 'PARLEY_MAX_SEND_BUFFER_BYTES',
    default: MiB,
    unit: 'bytes',
    min: 16 * 1024,
    max: 256 * MiB,
    doc: 'a client that stops reading is cut off past this many unsent bytes'
  },
  // ---- rates and queue ----
  {
    kind: 'int',
    key: 'maxFramesPerSecond',
    env: 'PARLEY_MAX_FRAMES_PER_SECOND',
    default: 20,
    unit: 'frames/s',
    min: 1,
    max: 100_000,
    doc: 'frames per socket per second; ignoring `rate_limited` closes with 4008'
  },
  {
    kind: 'int',
    key: 'maxFramesPerSecondPerIp',
    env: 'PARLEY_MAX_FRAMES_PER_SECOND_PER_IP',
    default: 200,
    unit: 'frames/s',
    min: 1,
    max: 1_000_000,
    doc: 'frames per second from one IP, all sockets together'
  },
  {
    kind: 'int',
    key: 'maxNewChatsPerMinutePerIp',
    env: 'PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP',
    default: 10,
    unit: 'chats/min',
    min: 1,
    max: 1_000_000,
    doc: 'new chats per IP per minute'
  },
  {
    kind: 'int',
    key: 'maxSocketsPerIp',
    env: 'PARLEY_MAX_SOCKETS_PER_IP',
    default: 50,
    unit: 'sockets',
    min: 1,
    max: 1_000_000,
    doc: 'WebSockets open at once from one IP'
  },
  {
    kind: 'int',
    key: 'maxQueueLength',
    env: 'PARLEY_MAX_QUEUE_LENGTH',
    default: 200,
    unit: 'chats',
    min: 1,
    max: 1_000_000,
    doc: 'waiting customers; the next one gets `queue_full`'
  },
  {
    kind: 'int',
    key: 'maxAttributeChars',
    env: 'PARLEY_MAX_ATTRIBUTE_CHARS',
    default: 2048,
    unit: 'characters',
    min: 0,
    max: 50_000,
    doc: "a visitor's `setAttributes()` keys and values together; more is refused (`too_large`)"
  },
  {
    kind: 'int',
    key: 'panelCoalesceMs',
    env: 'PARLEY_PANEL_COALESCE_MS',
    default: 50,
    unit: 'ms',
    min: 0,
    max: 5000,
    doc: 'panel changes within this window go to agents as one delta'
  },
  // ---- uploads (held in memory while checked: keep them well below the heap) ----
  {
    kind: 'int',
    key: 'maxUploadBytes',
    env: 'PARLEY_MAX_UPLOAD_BYTES',
    default: 5 * MiB,
    unit: 'bytes',
    min: 1024,
    max: 64 * MiB,
    doc: 'bytes per uploaded image'
  },
  {
    kind: 'int',
    key: 'maxImagePixels',
    env: 'PARLEY_MAX_IMAGE_PIXELS',
    default: 25_000_000,
    unit: 'pixels',
    min: 1,
    max: 1_000_000_000,
    doc: 'pixels per image, all frames of an animation together'
  },
  { kind: 'int', key: 'maxImageSidePx', env: 'PARLEY_MAX_IMAGE_SIDE_PX', default: 10_000, unit: 'px', min: 1, max: 65_535, doc: 'pixels along either side' },
  {
    kind: 'int',
    key: 'maxUploadsPerMinutePerIp',
    env: 'PARLEY_MAX_UPLOADS_PER_MINUTE_PER_IP',
    default: 30,
    unit: 'uploads/min',
    min: 1,
    max: 1_000_000,
    doc: 'uploads per IP per minute'
  },
  // ---- logins ----
  {
    kind: 'int',
    key: 'maxLoginsPerMinutePerIp',
    env: 'PARLEY_MAX_LOGINS_PER_MINUTE_PER_IP',
    default: 10,
    unit: 'logins/min',
    min: 1,
    max: 1_000_000,
    doc: 'login attempts per IP per minute'
  },
  {
    kind: 'int',
    key: 'lockoutFailures',
    env: 'PARLEY_LOCKOUT_FAILURES',
    default: 5,
    unit: 'failures',
    min: 1,
    max: 1000,
    doc: 'failed logins before the email is locked'
  },
  {
    kind: 'int',
    key: 'lockoutMs',
    env: 'PARLEY_LOCKOUT_MS',
    default: 15 * 60_000,
    unit: 'ms',
    min: 1,
    max: 365 * DAY_MS,
    doc: 'how long the lock lasts, and the window failures are counted in'
  },
  // ---- HTTP connections (slow clients must not hold them) ----
  {
    kind: 'int',
    key: 'headersTimeoutMs',
    env: 'PARLEY_HEADERS_TIMEOUT_MS',
    default: 10_000,
    unit: 'ms',
    min: 100,
    max: 600_000,
    doc: "a client must send a request's headers within this time, or its connection is closed (slowloris)"
  },
  {
    kind: 'int',
    key: 'requestTimeoutMs',
    env: 'PARLEY_REQUEST_TIMEOUT_MS',
    default: 60_000,
    unit: 'ms',
    min: 100,
    max: 3600_000,
    doc: 'a whole request, body included, must arrive within this time (an upload of maxUploadBytes on a slow line); at least the headers timeout'
  },
  {
    kind: 'int',
    key: 'keepAliveTimeoutMs',
    env: 'PARLEY_KEEP_ALIVE_TIMEOUT_MS',
    default: 72_000,
    unit: 'ms',
    min: 100,
    max: 3600_000,
    doc: 'an idle keep-alive connection is closed after this; keep it above the idle timeout of a proxy in front (nginx and most load balancers: 60 s)'
  },
  // ---- reports and metrics ----
  {
    kind: 'string',
    key: 'metricsToken',
    env: 'PARLEY_METRICS_TOKEN',
    default: '',
    shown: 'empty: /metrics off',
    minChars: 16,
    doc: 'bearer token `GET /metrics` (Prometheus) requires; while empty the route answers 404'
  },
  {
    kind: 'int',
    key: 'reportTimeoutMs',
    env: 'PARLEY_REPORT_TIMEOUT_MS',
    default: 15_000,
    unit: 'ms',
    min: 100,
    max: 600_000,
    doc: 'a report that takes longer fails (its worker thread is restarted)'
  },
  {
    kind: 'int',
    key: 'searchTimeoutMs',
    env: 'PARLEY_SEARCH_TIMEOUT_MS',
    default: 1000,
    unit: 'ms',
    min: 50,
    max: 60_000,
    doc: 'an archive search (or tag count) running longer answers "timed out" with the chats found so far and a cursor to go on; one stuck inside SQLite has its worker thread restarted'
  },
  {
    kind: 'int',
    key: 'searchMinPrefix',
    env: 'PARLEY_SEARCH_MIN_PREFIX',
    default: 3,
    unit: 'characters',
    min: 1,
    max: 50,
    doc: 'archive search words this long or longer also find the words they begin (`espr` finds espresso); shorter ones find only themselves'
  },
  // ---- data and shutdown ----
  {
    kind: 'int',
    key: 'retentionDays',
    env: 'PARLEY_RETENTION_DAYS',
    default: 0,
    shown: '0 (keep)',
    unit: 'days',
    min: 0,
    max: 100 * 365,
    doc: 'ended chats and their images are deleted this many days after ending'
  },
  {
    kind: 'int',
    key: 'retentionSweepMs',
    env: 'PARLEY_RETENTION_SWEEP_MS',
    default: 3600_000,
    unit: 'ms',
    min: 1000,
    max: 7 * DAY_MS,
    doc: 'how often the retention sweep runs'
  },
  {
    kind: 'int',
    key: 'shutdownGraceMs',
    env: 'PARLEY_SHUTDOWN_GRACE_MS',
    default: 2000,
    unit: 'ms',
    min: 1,
    max: 60_000,
    doc: 'on SIGTERM, clients not closed this long after the 1012 are cut off'
  }
] as const satisfies readonly Setting[])

type Row = (typeof SETTINGS)[number]
type ValueOf<S> = S extends { kind: 'int' } ? number : S extends { kind: 'list' } ? readonly string[] : string

/** Everything the relay can be told: one key per row of SETTINGS. */
export type RelayConfig = { readonly [S in Row as S['key']]: ValueOf<S> }

/** Freezes an object and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
