// Regression: transferring a chat to an agent at their maximum told the sender "You are at your
// maximum…", as if the sender were full. The error now names the target and the reason.
import { afterEach, describe, expect, it } from 'vitest'
import { api, onlineAgent, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

describe('a transfer to a full agent', () => {
  let relay: TestRelay
  afterEach(() => relay.close())

  it('names the target and says they are at their maximum, and the chat stays with the sender', async () => {
    relay = await startTestRelay()
    const alice = await onlineAgent(relay, 'Alice')
    const bob = await onlineAgent(relay, 'Bob')
    const settings = { greetings: [], maxChats: 1, displayName: 'Bob B.', sound: true, notifications: true }
    expect((await api(relay, bob.cookie)('PUT', '/api/me/settings', settings)).status).toBe(200)
    const bobs = await waitingCustomer(relay, 'Bob takes me')
    bob.client.send({ type: 'accept', chatId: bobs.chatId })
    await bobs.client.next('chat', (f) => f.chat.status === 'active')
    const alices = await waitingCustomer(relay, 'Alice takes me')
    alice.client.send({ type: 'accept', chatId: alices.chatId })
    await alices.client.next('chat', (f) => f.chat.status === 'active')

    alice.client.send({ type: 'transfer', chatId: alices.chatId, to: bob.id })
    const err = await alice.client.next('error')
    expect(err).toMatchObject({ code: 'max_chats', ref: alices.chatId })
    expect(err.message).toBe('Bob B. is at their maximum of 1 simultaneous chats; transfer to someone else or back to the queue')
    expect((await relay.app.parley.store.getChat(alices.chatId))?.agentId).toBe(alice.id)
  })
})
