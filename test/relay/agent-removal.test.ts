// Regression: removing or disabling an agent orphaned their chats: `parley agent remove` (or an
// admin disabling them) while the relay ran left their active chats with no agent anyone could end
// or transfer. They now go back to the front of the queue, customers told, as when an agent vanishes.
import { afterEach, describe, expect, it } from 'vitest'
import { runCli } from '../helpers/child-relay.js'
import { api, onlineAgent, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

describe('an agent who leaves for good', () => {
  let relay: TestRelay
  afterEach(() => relay.close())

  /** Bob answers a chat while another customer waits; returns both customers. */
  const bobChatting = async () => {
    const bob = await onlineAgent(relay, 'Bob')
    const answered = await waitingCustomer(relay, 'Bob answers me')
    bob.client.send({ type: 'accept', chatId: answered.chatId })
    await answered.client.next('chat', (f) => f.chat.status === 'active')
    const other = await waitingCustomer(relay, 'I was waiting first')
    return { bob, answered, other }
  }

  /** What the customer of `chat` sees once their chat is back in the queue. */
  const backInQueue = async (chat: Awaited<ReturnType<typeof waitingCustomer>>) => {
    const notice = await chat.client.next('message', (f) => f.message.event === 'requeued', 15_000)
    const state = await chat.client.next('chat', (f) => f.chat.status === 'waiting', 15_000)
    return { notice: notice.message, position: state.chat.position }
  }

  it('sends a disabled agent’s chats to the front of the queue at once, and the customer is told', async () => {
    relay = await startTestRelay({ heartbeatMs: 60_000 })
    const admin = await relay.agent('Ada', { role: 'admin' })
    const { bob, answered } = await bobChatting()
    const res = await api(relay, admin.cookie)('PATCH', `/api/agents/${bob.id}`, { disabled: true })
    expect(res.status).toBe(200)
    const { notice, position } = await backInQueue(answered)
    expect(notice.from).toBe('system')
    expect(position).toBe(1)
    expect((await bob.client.closed).code).toBe(4001)
    expect(relay.app.parley.hub.panel().waiting.map((w) => w.id)[0]).toBe(answered.chatId)
  })

  it('sends the chats of an agent removed with `parley agent remove` while the relay runs to the front of the queue', async () => {
    relay = await startTestRelay({ heartbeatMs: 200 })
    const { bob, answered } = await bobChatting()
    const cli = await runCli(['agent', 'remove', bob.email], { PARLEY_DATA_DIR: relay.dataDir })
    expect(cli.out, cli.out).toContain(`removed ${bob.email}`)
    const { position } = await backInQueue(answered)
    expect(position).toBe(1)
    expect((await bob.client.closed).code).toBe(4001)
    // Another agent can now answer it.
    const carol = await onlineAgent(relay, 'Carol')
    carol.client.send({ type: 'accept', chatId: answered.chatId })
    await answered.client.next('chat', (f) => f.chat.status === 'active' && f.chat.agentName === 'Carol')
  }, 60_000) // a real `parley` process: bundling and starting it is slow on a busy machine
})
