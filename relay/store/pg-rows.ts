// Rows of the PostgreSQL store turned into the Store's records (rows.ts; jsonb is parsed by pg, int8 by our type parser).
export type { Row } from './rows.js'
import { pgRows } from './rows.js'

export const { toAgent, toChat, toMessage, toVisitor, toTicket } = pgRows

/** Chat columns without the search vector (never read back). */
export const CHAT_COLUMNS =
  'id, visitor_id, status, title, agent_id, created_at, answered_at, ended_at, last_seq, first_text, tags, visitor, ip, user_agent, queued_at, pages, ticket_id, topic, rating, rating_comment, outside_hours, offline'
