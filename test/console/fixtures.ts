// Builders of protocol objects for the console tests: valid by default, overridable per test.
import type { AgentSelf, AgentSummary, ChatMessage, ChatSummary, Panel } from '../../protocol/index.js'

/** Noon, 1 March 2030 local time: a fixed clock for messages and chats. */
export const NOON = new Date(2030, 2, 1, 12, 0, 0).getTime()

/** The logged-in agent, Anna. */
export const anna = (over: Partial<AgentSelf> = {}): AgentSelf => ({
  id: 'agent-anna',
  name: 'Anna',
  displayName: 'Anna Berg',
  email: 'anna@example.com',
  role: 'agent',
  on: true,
  maxChats: 3,
  greetings: [],
  sound: false,
  notifications: false,
  ...over
})

/** An agent as listed in the panel. */
export const agent = (over: Partial<AgentSummary> = {}): AgentSummary => ({
  id: 'agent-anna',
  name: 'Anna',
  on: true,
  chats: 0,
  maxChats: 3,
  ...over
})

/** A waiting chat of customer Carl. */
export const summary = (over: Partial<ChatSummary> = {}): ChatSummary => ({
  id: 'chat-1',
  status: 'waiting',
  title: 'Carl',
  customer: { name: 'Carl', verified: [] },
  createdAt: NOON,
  firstText: 'Where is my order?',
  lastSeq: 1,
  tags: [],
  visitor: { url: 'https://shop.example/cart', lang: 'en-GB' },
  ...over
})

/** `summary` answered by Anna. */
export const activeSummary = (over: Partial<ChatSummary> = {}): ChatSummary =>
  summary({ status: 'active', agentId: 'agent-anna', agentName: 'Anna', answeredAt: NOON + 60_000, ...over })

/** A customer message of chat-1 with seq `seq` (id `m<seq>`). */
export const message = (seq: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm' + seq,
  chatId: 'chat-1',
  seq,
  from: 'customer',
  parts: [{ type: 'text', text: 'message ' + seq }],
  at: NOON + seq * 1000,
  ...over
})

/** A panel with the given lists (empty by default). */
export const panel = (over: Partial<Panel> = {}): Panel => ({ waiting: [], chatting: [], agents: [], ...over })
