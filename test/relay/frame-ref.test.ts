// Regression: an error about a message did not always name it. A message the guard refused (text
// over the wire cap) came back as `bad_frame` with no `ref`, so the client could not tell which
// of its outgoing messages failed.
import { afterEach, describe, expect, it } from 'vitest'
import { onlineAgent, text, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

describe('errors about a message', () => {
  let relay: TestRelay
  afterEach(() => relay.close())

  it('name it (ref), whether the guard refused it or a limit did', async () => {
    relay = await startTestRelay()
    await onlineAgent(relay, 'Alice')
    const { client } = await waitingCustomer(relay, 'Hi')
    client.send({ type: 'send', id: 'too-long-for-the-wire', parts: text('x'.repeat(20_001)) })
    expect(await client.next('error')).toMatchObject({ code: 'bad_frame', ref: 'too-long-for-the-wire' })
    client.send({ type: 'send', id: 'over-max-text', parts: text('x'.repeat(relay.config.maxTextChars + 1)) })
    expect(await client.next('error')).toMatchObject({ code: 'too_large', ref: 'over-max-text' })
    client.send({ type: 'send', id: 'no-parts', parts: 'not a list' })
    expect(await client.next('error')).toMatchObject({ code: 'bad_frame', ref: 'no-parts' })
  })
})
