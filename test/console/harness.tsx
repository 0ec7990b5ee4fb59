// The whole console against a fake relay: HTTP answers from a route table, frames on a fake socket.
import type { AgentMsg, AgentSelf, ChatSummary, Panel } from '../../protocol/index.js'
import { App } from '../../console/App.js'
import { fakeFetch, mount, one, settle, step, text } from './dom.js'
import { fakeSockets } from './fake-socket.js'
import { activeSummary, agent, anna, message, panel, summary } from './fixtures.js'

/** HTTP answers by "METHOD /path". */
export type Routes = Parameters<typeof fakeFetch>[0]

/** Two waiting, one chatting with Ben, three agents (Cleo with chat off). */
export const busyPanel = (): Panel =>
  panel({
    waiting: [summary({ id: 'w1' }), summary({ id: 'w2', customer: { verified: [] }, firstText: 'Hi there' })],
    chatting: [activeSummary({ id: 'c9', agentId: 'agent-ben', agentName: 'Ben' })],
    agents: [agent(), agent({ id: 'agent-ben', name: 'Ben', chats: 1 }), agent({ id: 'agent-cleo', name: 'Cleo', on: false })]
  })

/** The console logged in as Anna (or `me`), its socket open and welcomed; `routes` adds HTTP answers. */
export const start = async (p: Panel = busyPanel(), mine: ChatSummary[] = [], routes: Routes = {}, me: AgentSelf = anna()) => {
  const api = fakeFetch({ 'GET /api/me': { status: 200, body: { me } }, 'POST /api/logout': { status: 204 }, ...routes })
  const sockets = fakeSockets()
  const { root } = await mount(<App fetchImpl={api.fetchImpl} createSocket={sockets.create} />)
  await settle()
  const socket = sockets.last()
  await step(() => socket.open())
  await step(() => socket.receive({ type: 'welcome', v: 1, pv: 0, me, panel: p, mine }))
  return { root, api, sockets, socket }
}

/** The text of a section's badge. */
export const count = (root: HTMLElement, section: string) => text(one(root, `[data-testid="${section}-count"]`))
/** The frames of one type the console sent. */
export const sentOf = <T extends AgentMsg['type']>(sent: AgentMsg[], type: T) => sent.filter((m): m is Extract<AgentMsg, { type: T }> => m.type === type)

/** Anna in chat-1 with Carl, its first message loaded. */
export const inChat = async (routes: Routes = {}) => {
  const s = await start(panel(), [activeSummary()], routes)
  await step(() => s.socket.receive({ type: 'history', chatId: 'chat-1', messages: [message(1)] }))
  return s
}
