import type { AgentSelf, ChatMessage, ChatNote, ChatSummary, CustomerChat, PanelDelta, Ticket } from '../../protocol/index.js'

/** Bus topics. */
export const topics = {
  /** everything about one chat: messages, state, typing */
  chat: (chatId: string) => `chat:${chatId}`,
  /** one agent's account and assignments */
  agent: (agentId: string) => `agent:${agentId}`,
  /** the panel's deltas, for every agent */
  agents: 'agents',
  /** availability, for every customer */
  customers: 'customers',
  /** cluster mode: which chats and agents a node changed, for the other nodes to re-read (cluster-sync.ts) */
  cluster: 'cluster'
} as const

/** What the hub announces; socket adapters turn these into frames. */
export type HubEvent =
  | { kind: 'message'; message: ChatMessage }
  | { kind: 'chat'; summary: ChatSummary; customer: CustomerChat }
  | { kind: 'typing'; chatId: string; from: 'customer' | 'agent'; on: boolean; text?: string; name?: string }
  /** one versioned change of the panel, for every agent (serialised once, not per socket) */
  | { kind: 'panelDelta'; delta: PanelDelta }
  | { kind: 'availability'; available: boolean; outsideHours?: boolean }
  /** an admin saved the site settings: every node reloads them (site-state.ts) */
  | { kind: 'site' }
  /** an internal note was added to a chat: for agents only, never a customer socket */
  | { kind: 'note'; note: ChatNote }
  /** a side of the chat read further: the other side is told */
  | { kind: 'read'; chatId: string; side: 'customer' | 'agent'; seq: number }
  | { kind: 'me'; me: AgentSelf }
  | { kind: 'ticket'; ticket: Ticket }
  /** sessions of the agent ended: the sockets opened with `session` (a token hash), or all of them, close at once */
  | { kind: 'revoked'; session?: string }
  /** another node changed these chats or agents in the store: re-read them (cluster mode) */
  | { kind: 'changed'; chats?: string[]; agents?: string[] }
