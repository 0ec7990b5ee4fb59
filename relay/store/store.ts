// The storage interface of the relay. Narrow and async so another engine (PostgreSQL) can serve
// it; the SQLite implementation is in sqlite-store.ts. A write resolves only once committed.
import type { ChatEvent, ChatMessage, ChatStatus, Part, VisitorInfo } from '../../protocol/index.js'

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
  /** ms since epoch */
  createdAt: number
}

/** A new agent; the id is assigned by the store. */
export type NewAgent = Omit<AgentRecord, 'id' | 'createdAt' | 'on'>

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
  verified: boolean
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
}

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

/** Storage for agents, sessions, visitors, chats and messages. */
export interface Store {
  createAgent(agent: NewAgent): Promise<AgentRecord>
  getAgent(id: string): Promise<AgentRecord | undefined>
  getAgentByEmail(email: string): Promise<AgentRecord | undefined>
  listAgents(): Promise<AgentRecord[]>
  updateAgent(id: string, patch: Partial<Pick<AgentRecord, 'name' | 'displayName' | 'role' | 'passwordHash' | 'on' | 'maxChats'>>): Promise<AgentRecord | undefined>
  removeAgent(id: string): Promise<boolean>
  countAgents(): Promise<number>

  createSession(session: SessionRecord): Promise<void>
  getSession(tokenHash: string, now: number): Promise<SessionRecord | undefined>
  deleteSession(tokenHash: string): Promise<void>

  createVisitor(visitor: VisitorRecord): Promise<void>
  getVisitorByToken(tokenHash: string): Promise<VisitorRecord | undefined>
  getVisitor(id: string): Promise<VisitorRecord | undefined>

  /** Creates a chat and its first message in one transaction. */
  createChat(chat: Omit<ChatRecord, 'lastSeq'>, first: NewMessage): Promise<{ chat: ChatRecord; message: ChatMessage }>
  getChat(id: string): Promise<ChatRecord | undefined>
  /** The visitor's newest chat, whatever its status. */
  latestChatOf(visitorId: string): Promise<ChatRecord | undefined>
  /** Chats with the given status, oldest first. */
  listChats(status: ChatStatus): Promise<ChatRecord[]>
  /**
   * Assigns a waiting chat to an agent if, and only if, it is still waiting and the agent has fewer
   * than `maxChats` active chats — atomically, so of two agents answering at once exactly one wins.
   */
  assignChat(chatId: string, agentId: string, maxChats: number, at: number): Promise<'ok' | 'taken' | 'max_chats' | 'not_found'>
  /** Ends a chat that is not ended yet; false when it already was (or does not exist). */
  endChat(chatId: string, at: number): Promise<boolean>

  /** Appends a message with the next seq, or returns the stored one when its client id exists. */
  appendMessage(chatId: string, message: NewMessage): Promise<Appended>
  /** Messages with seq > after, in order, at most `limit`. */
  messagesAfter(chatId: string, after: number, limit: number): Promise<ChatMessage[]>

  close(): Promise<void>
}
