// Short chat flows over real sockets, shared by the regression tests of issue 10.
import type { TestRelay } from './relay.js'

/** One text part. */
export const text = (t: string) => [{ type: 'text', text: t }]

/** An agent with chat on, over a real socket. */
export const onlineAgent = async (relay: TestRelay, name: string, role: 'admin' | 'agent' = 'agent') => {
  const creds = await relay.agent(name, { role })
  const { client, welcome } = await relay.agentSocket(creds.cookie)
  client.send({ type: 'status', on: true })
  await client.next('me', (f) => f.me.on)
  return { ...creds, client, id: welcome.me.id as string }
}

/** A customer whose chat waits in the queue. */
export const waitingCustomer = async (relay: TestRelay, first = 'Hello', hello: object = {}) => {
  const { client } = await relay.customerSocket(hello)
  client.send({ type: 'start', id: 'c-' + first.replace(/\W/g, ''), parts: text(first) })
  const started = await client.next('started')
  await client.next('ack')
  return { client, chatId: started.chat.id as string, token: started.token as string }
}

/** A JSON request through inject, as the agent with `cookie`. */
export const api = (relay: TestRelay, cookie: string) => async (method: string, url: string, payload?: object) => {
  const res = await relay.app.inject({ method: method as 'GET', url, headers: { cookie }, ...(payload ? { payload } : {}) })
  return { status: res.statusCode, body: res.body ? res.json() : undefined }
}
