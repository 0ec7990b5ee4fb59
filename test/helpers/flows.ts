// Short chat flows over real sockets, shared by the relay's tests.
import { watchPanel } from './panel-watch.js'
import type { TestRelay } from './relay.js'
import type { TestClient } from './ws-client.js'

/** One text part. */
export const text = (t: string) => [{ type: 'text', text: t }]

/** An agent with chat on, over a real socket, with their panel followed from the welcome on. */
export const onlineAgent = async (relay: TestRelay, name: string, role: 'admin' | 'agent' = 'agent') => {
  const creds = await relay.agent(name, { role })
  const { client, welcome } = await relay.agentSocket(creds.cookie)
  client.send({ type: 'status', on: true })
  await client.next('me', (f) => f.me.on)
  return { ...creds, client, id: welcome.me.id as string, panel: watchPanel(client, welcome) }
}

/** A customer whose chat waits in the queue. */
export const waitingCustomer = async (relay: TestRelay, first = 'Hello', hello: object = {}) => {
  const { client } = await relay.customerSocket(hello)
  client.send({ type: 'start', id: 'c-' + first.replace(/\W/g, ''), parts: text(first) })
  const started = await client.next('started')
  await client.next('ack')
  return { client, chatId: started.chat.id as string, token: started.token as string }
}

/**
 * The customer sends `texts` in one go (ids c2, c3, …, after a first message c1); resolves with
 * `[seq, text]` of each as the agent received them, in the order received.
 */
export const customerSendsToAgent = async (customer: TestClient, agent: TestClient, texts: string[]): Promise<[number, string][]> => {
  for (const [i, t] of texts.entries()) customer.send({ type: 'send', id: `c${i + 2}`, parts: text(t) })
  const seen: [number, string][] = []
  for (const _ of texts) {
    const { message } = await agent.next('message', (f) => f.message.from === 'customer')
    seen.push([message.seq, message.parts[0].text])
  }
  return seen
}

/** A JSON request through inject, as the agent with `cookie`. */
export const api = (relay: TestRelay, cookie: string) => async (method: string, url: string, payload?: object) => {
  const res = await relay.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload ? { payload } : {}) })
  return { status: res.statusCode, body: res.body ? res.json() : undefined }
}
