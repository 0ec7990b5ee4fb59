// The storage interface of the relay. Narrow and async so another engine (PostgreSQL) can serve
// it; the SQLite implementation is in sqlite-store.ts. A write resolves only once committed.
import type {
  ChatEvent,
  ChatMessage,
  ChatNote,
  ChatStatus,
  PageVisit,
  Part,
  Rating,
  ReadMarks,
  SiteSettings,
  TextModule,
  Ticket,
  VisitorInfo
} from '../../protocol/index.js'
import type { LifecycleStore } from './lifecycle.js'
import type { LoginFailureStore } from './login-failures.js'
import type { UploadStore } from './uploads.js'

/** Agent roles: admins manage agents and settings. */
export type Role = 'admin' | 'agent'

/** An agent account as stored. */
export interface AgentRecord {
  id: string
  email: string
  name: string
  displayName: string
  role: Role
  passwordHash: string
  /** chat switched on (the seed's On/Off), kept across reloads and devices */
  on: boolean
  maxChats: number
  /** auto-greetings, one picked at random when the agent answers */
  greetings: string[]
  sound: boolean
  notifications: boolean
  /** a disabled agent cannot log in */
  disabled: boolean
  /** ms since epoch */
  createdAt: number
}

/** A new agent; the id is assigned by the store. */
export type NewAgent = Pick<AgentRecord, 'email' | 'name' | 'displayName' | 'role' | 'passwordHash' | 'maxChats'>

/** What can change on an agent. */
export type AgentPatch = Partial<
  Pick<AgentRecord, 'name' | 'displayName' | 'role' | 'passwordHash' | 'on' | 'maxChats' | 'greetings' | 'sound' | 'notifications' | 'disabled'>
>

/** A login session (the cookie holds the token; only its hash is stored). */
export interface SessionRecord {
  tokenHash: string
  agentId: string
  createdAt: number
  expiresAt: number
}

/** A customer: one per browser that started a chat. Reached by its token (only the hash is stored). */
export interface VisitorRecord {
  id: string
  tokenHash: string
  name?: string
  email?: string
  /** the claims the site proved, as bits (security/identity.ts: 1 id, 2 name, 4 email) */
  verified: number
  /** the site's own user id, from identify() */
  externalId?: string
  /** site-defined details from setAttributes() */
  attributes?: Record<string, string>
  createdAt: number
}

/** A chat as stored. */
export interface ChatRecord {
  id: string
  visitorId: string
  status: ChatStatus
  title: string
  agentId?: string
  createdAt: number
  answeredAt?: number
  endedAt?: number
  lastSeq: number
  firstText: string
  tags: string[]
  visitor: VisitorInfo
  /** remote address when the chat started */
  ip?: string
  userAgent?: string
  /** ms since epoch; the waiting queue is ordered by it (a requeued chat goes to the front) */
  queuedAt: number
  /** pages the customer visited during the chat, the first where it started */
  pages: PageVisit[]
  ticketId?: string
  /** the topic chosen in the pre-chat form */
  topic?: string
  /** the visitor's rating once given, and their comment */
  rating?: Rating
  ratingComment?: string
  /** came in outside business hours */
  outsideHours?: boolean
  /** left through the offline form (stored ended; it became a ticket) */
  offline?: boolean
}

/** A chat to create: what the store does not assign, and `endedAt` for one stored ended (the offline form). */
export type NewChat = Omit<ChatRecord, 'lastSeq' | 'queuedAt' | 'pages' | 'ticketId' | 'rating' | 'ratingComment'>

/** What rating a chat did: rated now, rated before, not ended yet, or no such chat. */
export type RateResult = 'ok' | 'rated' | 'not_ended' | 'not_found'

/** A ticket about to be created from a chat; the store assigns id and number. */
export type NewTicket = Omit<Ticket, 'id' | 'number' | 'webhook'> & { createdBy?: string; webhook: boolean }

/** A message to append; the store assigns `seq`. */
export interface NewMessage {
  id: string
  from: ChatMessage['from']
  name?: string
  parts: Part[]
  at: number
  event?: ChatEvent
}

/** What `appendMessage` did: `duplicate` when a message with the same client id was already stored. */
export interface Appended {
  message: ChatMessage
  duplicate: boolean
}

/** A chat the archive found, with the text to show for it (matches between HIGHLIGHT marks). */
export interface ArchiveHitRecord {
  chatId: string
  snippet: string
}

/**
 * One page of the archive. `next` is the cursor of the following page (absent on the last page);
 * `timedOut` says the engine's time limit cut the query short: `hits` are what it found until then
 * and `next`, if present, goes on from there.
 */
export interface ArchivePageRecord {
  hits: ArchiveHitRecord[]
  next?: string
  timedOut?: boolean
}

/** Which page of the archive: at most `limit` chats, after `cursor` (a page's `next`; none for the first). */
export interface ArchivePageRequest {
  limit: number
  cursor?: string
}

/** Storage for agents, sessions, visitors, chats and messages; uploads and the life of data in their own files. */
export interface Store extends UploadStore, LifecycleStore, LoginFailureStore {
  createAgent(agent: NewAgent): Promise<AgentRecord>
  /**
   * Creates `agent` only while there is no agent at all, atomically: of relay nodes starting
   * together on an empty database exactly one creates the first admin. Undefined when one existed.
   */
  createFirstAgent(agent: NewAgent): Promise<AgentRecord | undefined>
  getAgent(id: string): Promise<AgentRecord | undefined>
  getAgentByEmail(email: string): Promise<AgentRecord | undefined>
  listAgents(): Promise<AgentRecord[]>
  updateAgent(id: string, patch: AgentPatch): Promise<AgentRecord | undefined>
  removeAgent(id: string): Promise<boolean>
  countAgents(): Promise<number>

  createSession(session: SessionRecord): Promise<void>
  getSession(tokenHash: string, now: number): Promise<SessionRecord | undefined>
  deleteSession(tokenHash: string): Promise<void>

  createVisitor(visitor: VisitorRecord): Promise<void>
  getVisitorByToken(tokenHash: string): Promise<VisitorRecord | undefined>
  getVisitor(id: string): Promise<VisitorRecord | undefined>

  /**
   * Creates a chat and its first message in one transaction. `oneOpen`: the visitor may have one
   * open chat at most — when they already have one (a start resent through another node while the
   * first was still making its chat), nothing is created and that chat and its first message come
   * back with `existing`; the check and the insert are atomic across nodes.
   */
  createChat(chat: NewChat, first: NewMessage, oneOpen?: boolean): Promise<{ chat: ChatRecord; message: ChatMessage; existing?: true }>
  getChat(id: string): Promise<ChatRecord | undefined>
  /** The visitor's newest chat, whatever its status. */
  latestChatOf(visitorId: string): Promise<ChatRecord | undefined>
  /** Chats with the given status, oldest first (waiting: in queue order). */
  listChats(status: ChatStatus): Promise<ChatRecord[]>
  /**
   * Assigns a waiting chat to an agent if, and only if, it is still waiting and the agent has fewer
   * than `maxChats` active chats — atomically, so of two agents answering at once exactly one wins.
   */
  assignChat(chatId: string, agentId: string, maxChats: number, at: number): Promise<'ok' | 'taken' | 'max_chats' | 'not_found'>
  /** Ends a chat that is not ended yet; false when it already was (or does not exist). */
  endChat(chatId: string, at: number): Promise<boolean>
  /** Moves an active chat to another agent, atomically checking it is still `fromAgentId`'s and the target's limit. */
  transferChat(chatId: string, fromAgentId: string, toAgentId: string, maxChats: number): Promise<'ok' | 'not_yours' | 'max_chats'>
  /**
   * Puts an active chat back in the waiting queue, at its front; false when it was not active, or
   * not `fromAgentId`'s when given (a chat transferred meanwhile stays with its new agent).
   */
  requeueChat(chatId: string, fromAgentId?: string): Promise<boolean>
  /** Renames and/or retags a chat. */
  updateChat(chatId: string, patch: { title?: string; tags?: string[] }): Promise<ChatRecord | undefined>
  /** Records a page the customer navigated to. */
  addPage(chatId: string, page: PageVisit): Promise<void>
  /** Sets the visitor's name and email (and whether they were verified). */
  updateVisitor(
    id: string,
    patch: { name?: string; email?: string; verified?: number; externalId?: string; attributes?: Record<string, string> }
  ): Promise<void>

  /** Chats matching words of any message, title, tag, customer name or email; newest first. */
  searchChats(query: string, limit: number): Promise<{ chatId: string; snippet: string }[]>
  /** Chats ended most recently (the archive without a query). */
  recentChats(limit: number): Promise<ChatRecord[]>
  /** Every tag in use, most used first. */
  listTags(): Promise<{ tag: string; count: number }[]>
  /**
   * A page of the chats `searchChats` finds, newest chat first, with "more results" (`next`) and a
   * time limit (`timedOut`). A cursor this store did not hand out is refused (ERR_BAD_INPUT).
   * Optional: for an engine without it the archive route serves `searchChats`' first page.
   */
  searchArchive?(query: string, page: ArchivePageRequest): Promise<ArchivePageRecord>
  /** A page of ended chats, most recently ended first, each with its first text; optional as `searchArchive`. */
  recentArchive?(page: ArchivePageRequest): Promise<ArchivePageRecord>

  listTextModules(): Promise<TextModule[]>
  saveTextModule(module: Omit<TextModule, 'updatedAt'>, at: number): Promise<TextModule>
  removeTextModule(id: string): Promise<boolean>

  /** Creates the chat's ticket, or returns the existing one (`created: false`): never two per chat. */
  createTicket(ticket: NewTicket): Promise<{ ticket: Ticket; created: boolean }>
  getTicket(id: string): Promise<Ticket | undefined>
  listTickets(status?: Ticket['status']): Promise<Ticket[]>
  setTicketStatus(id: string, status: Ticket['status']): Promise<Ticket | undefined>
  /**
   * Claims the tickets whose webhook delivery is due at `now` (ms), at most 50 (the longest due),
   * in number order: each is due again only at `now + leaseMs`, so of several nodes polling at once
   * exactly one gets it, and a node that dies before recording the result leaves it to another
   * after the lease.
   */
  claimDueWebhooks(now: number, leaseMs: number): Promise<Ticket[]>
  /** Records a delivery attempt: delivered, or failed with a retry at `nextAt` (none: gave up). */
  setWebhookResult(id: string, result: { status: 'delivered' | 'pending' | 'failed'; attempts: number; nextAt?: number; error?: string }): Promise<void>

  getSiteSettings(defaults: SiteSettings): Promise<SiteSettings>
  saveSiteSettings(settings: SiteSettings): Promise<void>

  /** Records the visitor's rating of an ended chat, once. */
  rateChat(chatId: string, rating: Rating, comment: string | undefined): Promise<RateResult>
  /** Raises a side's read mark to `seq` (never lowers it, never past the chat's lastSeq); true when it moved. */
  markRead(chatId: string, side: keyof ReadMarks, seq: number): Promise<boolean>
  /** How far each side has read the chat (0, 0 for an unknown chat). */
  readMarks(chatId: string): Promise<ReadMarks>
  /** Adds an internal note, idempotent on (chat, id): `duplicate` returns the stored one. */
  addNote(note: ChatNote): Promise<{ note: ChatNote; duplicate: boolean }>
  /** A chat's notes, oldest first. */
  listNotes(chatId: string): Promise<ChatNote[]>

  /** Appends a message with the next seq, or returns the stored one when its client id exists. */
  appendMessage(chatId: string, message: NewMessage): Promise<Appended>
  /** Messages with seq > after, in order, at most `limit`. */
  messagesAfter(chatId: string, after: number, limit: number): Promise<ChatMessage[]>

  close(): Promise<void>
}
