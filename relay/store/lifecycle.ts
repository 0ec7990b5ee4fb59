// The end of data's life: revoking sessions, retention, erasing one customer, and backups.

/** What a deletion removed. */
export interface Deleted {
  chats: number
  visitors: number
}

/** Who to erase: every visitor with this email (any case), or the one holding this token (its hash). */
export type CustomerKey = { email: string } | { tokenHash: string }

/** Storage operations on the life of data. */
export interface LifecycleStore {
  /** Deletes every session of an agent; resolves with how many there were. */
  revokeSessions(agentId: string): Promise<number>
  /** Deletes ended chats that ended before `endedBefore` (ms since epoch) with their messages, images, tickets and search entries, and visitors left without a chat. */
  deleteEndedBefore(endedBefore: number): Promise<Deleted>
  /** Deletes everything about one customer: visitors, chats in any state, messages, images, tickets, search entries. */
  eraseCustomer(key: CustomerKey): Promise<Deleted>
  /** Writes a consistent copy of the database to `file` while it is in use. */
  backup(file: string): Promise<void>
}
