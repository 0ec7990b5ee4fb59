import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CLOSE, PROTOCOL_VERSION } from '../../protocol/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient } from '../helpers/ws-client.js'

describe('frames at the boundary', () => {
  let relay: TestRelay
  beforeEach(async () => {
    relay = await startTestRelay()
  })
  afterEach(() => relay.close())

  it('closes a socket whose first frame is not a hello', async () => {
    const client = await connectClient(relay.wsUrl + '/ws/customer')
    client.send({ type: 'send', id: 'x', parts: [{ type: 'text', text: 'hi' }] })
    expect((await client.next('error')).code).toBe('bad_frame')
    expect((await client.closed).code).toBe(CLOSE.protocol)
  })

  it('closes a socket that speaks another protocol version', async () => {
    const client = await connectClient(relay.wsUrl + '/ws/customer')
    client.send({ type: 'hello', v: PROTOCOL_VERSION + 1 })
    expect((await client.next('error')).code).toBe('bad_version')
    expect((await client.closed).code).toBe(CLOSE.version)
  })

  it('answers malformed frames with bad_frame and closes after repeated abuse', async () => {
    const { client } = await relay.customerSocket()
    client.send('not json')
    expect((await client.next('error')).code).toBe('bad_frame')
    for (let i = 0; i < 20; i++) client.send({ type: 'nope' })
    expect((await client.closed).code).toBe(CLOSE.protocol)
  })

  it('refuses a frame above the size limit', async () => {
    const { client } = await relay.customerSocket()
    client.send('x'.repeat(relay.config.maxFrameBytes + 1))
    expect((await client.closed).code).toBe(1009)
  })

  it('refuses a message longer than the text limit', async () => {
    const small = await startTestRelay({ maxTextChars: 10 })
    try {
      const a = await small.agent('Alice')
      const { client: agent } = await small.agentSocket(a.cookie)
      agent.send({ type: 'status', on: true })
      await agent.next('me', (f) => f.me.on)
      const { client } = await small.customerSocket()
      client.send({ type: 'start', id: 'm1', parts: [{ type: 'text', text: 'x'.repeat(11) }] })
      expect(await client.next('error')).toMatchObject({ code: 'too_large', ref: 'm1' })
    } finally {
      await small.close()
    }
  })

  it('closes a socket that never says hello', async () => {
    const quick = await startTestRelay({ helloTimeoutMs: 100 })
    try {
      const client = await connectClient(quick.wsUrl + '/ws/customer')
      expect((await client.closed).code).toBe(CLOSE.protocol)
    } finally {
      await quick.close()
    }
  })
})
