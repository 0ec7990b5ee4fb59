// A page whose origin the relay does not serve: a browser cannot read a refused upgrade's 403, so
// the widget asks (`?refusal=close`) to be let in and closed with CLOSE.forbidden, which tells it
// to stop and warn the site owner instead of retrying forever.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLOSE } from '../../protocol/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient } from '../helpers/ws-client.js'

describe('customer socket from a refused origin', () => {
  let relay: TestRelay
  beforeAll(async () => {
    relay = await startTestRelay({ allowedOrigins: ['https://shop.example'] })
  })
  afterAll(() => relay.close())

  it('closes the widget’s socket with 4003 when it asks to be told, and still answers 403 otherwise', async () => {
    const widget = await connectClient(relay.wsUrl + '/ws/customer?refusal=close', { origin: 'https://elsewhere.example' })
    expect((await widget.closed).code).toBe(CLOSE.forbidden)
    await expect(connectClient(relay.wsUrl + '/ws/customer', { origin: 'https://elsewhere.example' })).rejects.toThrow(/403/)
  })

  it('lets an allowed origin in as before, and tells it the limits of a message', async () => {
    const c = await connectClient(relay.wsUrl + '/ws/customer?refusal=close', { origin: 'https://shop.example' })
    c.send({ type: 'hello', v: 1, token: 'x'.repeat(32) })
    const welcome = await c.next('welcome')
    expect(welcome.limits).toEqual({ textChars: relay.app.parley.config.maxTextChars, frameBytes: relay.app.parley.config.maxFrameBytes })
    c.close()
  })
})
