// Every configurable limit of the relay, each attacked over real sockets.
import { afterEach, describe, expect, it } from 'vitest'
import { Writable } from 'node:stream'
import { CLOSE } from '../../protocol/index.js'
import { configFromEnv, makeConfig, type RelayConfig } from '../../relay/index.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { connectClient, type TestClient } from '../helpers/ws-client.js'

const text = (t: string) => [{ type: 'text', text: t }]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('limits', () => {
  let relay: TestRelay
  const logs: string[] = []
  const start = async (overrides: Partial<RelayConfig> = {}) => {
    const stream = new Writable({
      write(chunk, _enc, done) {
        logs.push(String(chunk))
        done()
      }
    })
    return (relay = await startTestRelay(overrides, { logger: { level: 'warn', stream } }))
  }
  afterEach(() => relay.close())

  const onlineAgent = async () => {
    const { cookie } = await relay.agent('Alice')
    const { client } = await relay.agentSocket(cookie)
    client.send({ type: 'status', on: true })
    await client.next('me', (f) => f.me.on)
    return client
  }

  it('answers frames over maxFramesPerSecond with rate_limited and closes a socket that keeps going (policy)', async () => {
    await start({ maxFramesPerSecond: 5 })
    const { client } = await relay.customerSocket()
    // The hello took one token: of eight more frames, four pass and four are refused.
    for (let i = 0; i < 8; i++) client.send({ type: 'typing', on: i % 2 === 0 })
    for (let i = 0; i < 4; i++) expect((await client.next('error')).code).toBe('rate_limited')
    const flood = await relay.customerSocket()
    for (let i = 0; i < 100; i++) flood.client.send({ type: 'typing', on: true })
    expect((await flood.client.closed).code).toBe(CLOSE.policy)
  })

  it('names the refused message, so the client can send it again later', async () => {
    await start({ maxFramesPerSecond: 3 })
    await onlineAgent()
    const { client } = await relay.customerSocket()
    // hello, start and c2 use up the burst; c3 is refused.
    client.send({ type: 'start', id: 'c1', parts: text('hi') })
    client.send({ type: 'send', id: 'c2', parts: text('one') })
    client.send({ type: 'send', id: 'c3', parts: text('two') })
    expect(await client.next('error')).toMatchObject({ code: 'rate_limited', ref: 'c3' })
    await sleep(700)
    client.send({ type: 'send', id: 'c3', parts: text('two') })
    expect(await client.next('ack', (f) => f.id === 'c3')).toMatchObject({ seq: 3 })
  })

  it('limits the frames of all sockets of one IP address together (maxFramesPerSecondPerIp)', async () => {
    await start({ maxFramesPerSecond: 1000, maxFramesPerSecondPerIp: 10 })
    const a = await relay.customerSocket()
    const b = await relay.customerSocket()
    // Two hellos and eight frames use up the address's ten; of the next ones, each socket's are refused too.
    for (let i = 0; i < 14; i++) {
      a.client.send({ type: 'typing', on: true })
      b.client.send({ type: 'typing', on: true })
    }
    expect((await a.client.next('error')).code).toBe('rate_limited')
    expect((await b.client.next('error')).code).toBe('rate_limited')
  })

  it('refuses new chats from one IP address past maxNewChatsPerMinutePerIp', async () => {
    await start({ maxNewChatsPerMinutePerIp: 2 })
    await onlineAgent()
    for (let i = 0; i < 2; i++) {
      const { client } = await relay.customerSocket()
      client.send({ type: 'start', id: `c${i}`, parts: text('hello') })
      await client.next('started')
    }
    const { client } = await relay.customerSocket()
    client.send({ type: 'start', id: 'c9', parts: text('hello') })
    expect(await client.next('error')).toMatchObject({ code: 'rate_limited', ref: 'c9' })
  })

  it('refuses sockets past maxSocketsPerIp with 429 before the upgrade, and admits again once one closes', async () => {
    await start({ maxSocketsPerIp: 3 })
    const open: TestClient[] = []
    for (let i = 0; i < 3; i++) open.push(await connectClient(relay.wsUrl + '/ws/customer'))
    await expect(connectClient(relay.wsUrl + '/ws/customer')).rejects.toThrow(/429/)
    const { cookie } = await relay.agent('Alice')
    await expect(connectClient(relay.wsUrl + '/ws/agent', { cookie })).rejects.toThrow(/429/)
    open[0]!.close()
    await open[0]!.closed
    for (let i = 0; ; i++) {
      try {
        open.push(await connectClient(relay.wsUrl + '/ws/customer'))
        break
      } catch (e) {
        // The relay counts the socket until its TCP connection is gone, a moment after the close frame.
        if (i > 50) throw e
        await sleep(20)
      }
    }
  })

  it('answers queue_full when maxQueueLength customers are already waiting', async () => {
    await start({ maxQueueLength: 2 })
    await onlineAgent()
    for (let i = 0; i < 2; i++) {
      const { client } = await relay.customerSocket()
      client.send({ type: 'start', id: `c${i}`, parts: text('waiting') })
      await client.next('started')
    }
    const { client } = await relay.customerSocket()
    client.send({ type: 'start', id: 'late', parts: text('me too') })
    expect(await client.next('error')).toMatchObject({ code: 'queue_full', ref: 'late' })
    expect((await relay.app.parley.store.listChats('waiting')).length).toBe(2)
  })

  it('closes a socket that sends a frame over maxFrameBytes (1009), whatever the limit is set to', async () => {
    await start({ maxFrameBytes: 8192, maxTextChars: 500 })
    const { client } = await relay.customerSocket()
    client.send(JSON.stringify({ type: 'typing', on: true, text: 'x'.repeat(8300) }))
    expect((await client.closed).code).toBe(1009)
    const ok = await relay.customerSocket()
    ok.client.send({ type: 'typing', on: true, text: 'x'.repeat(1500) })
    ok.client.send({ type: 'sync', after: 0 })
    expect((await ok.client.next('error')).code).toBe('no_chat')
  })

  it('never turns on permessage-deflate, even when the client offers it', async () => {
    await start()
    const client = await connectClient(relay.wsUrl + '/ws/customer', {}, { perMessageDeflate: true })
    expect(client.ws.extensions).toBe('')
  })

  it('cuts off a client that stops reading once its send buffer passes maxSendBufferBytes; memory stays bounded and other chats go on', async () => {
    const maxSendBufferBytes = 64 * 1024
    await start({ maxSendBufferBytes, maxFramesPerSecond: 100_000, maxFramesPerSecondPerIp: 1_000_000, heartbeatMs: 60_000 })
    const alice = await onlineAgent()
    const bob = await relay.agent('Bob')
    const slowAgent = (await relay.agentSocket(bob.cookie)).client
    const chatWith = async (agent: TestClient, who: string) => {
      const { client } = await relay.customerSocket()
      client.send({ type: 'start', id: who, parts: text(`I am ${who}`) })
      const { chat } = await client.next('started')
      agent.send({ type: 'accept', chatId: chat.id })
      await client.next('chat', (f) => f.chat.status === 'active')
      return { client, chatId: chat.id as string }
    }
    const { client: floodingCustomer } = await chatWith(slowAgent, 'flooding')
    const { client: fineCustomer, chatId: fineChat } = await chatWith(alice, 'fine')
    const serverSockets = () => relay.app.websocketServer.clients.size
    expect(serverSockets()).toBe(4)
    // Bob's browser stops reading; his customer types on, every draft preview 16 KB.
    ;(slowAgent.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    let peak = 0
    const sample = setInterval(() => {
      for (const s of relay.app.websocketServer.clients) peak = Math.max(peak, s.bufferedAmount)
    }, 1)
    const draft = 'x'.repeat(16 * 1024)
    let previews = 0
    let n = 0
    // Up to 32 MB for Bob, while Alice's chat goes on.
    while (serverSockets() === 4 && previews < 2000) {
      for (let i = 0; i < 20; i++) floodingCustomer.send({ type: 'typing', on: true, text: draft + previews++ })
      fineCustomer.send({ type: 'send', id: `f${++n}`, parts: text(`still here ${n}`) })
      await alice.next('message', (f) => f.message.id === `f${n}`)
    }
    clearInterval(sample)
    // Bob's socket was let go of, before all 32 MB…
    expect(serverSockets()).toBe(3)
    expect(previews).toBeLessThan(2000)
    // …never holding much more than the bound plus one frame for him.
    expect(peak).toBeLessThan(maxSendBufferBytes + 20 * 1024)
    // Alice's chat got every message, in order, and goes on.
    alice.send({ type: 'send', chatId: fineChat, id: 'a1', parts: text('all good') })
    expect((await fineCustomer.next('message', (f) => f.message.id === 'a1')).message.parts[0].text).toBe('all good')
    ;(slowAgent.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    expect((await slowAgent.closed).code).toBe(1006)
    // Operators see it happen.
    expect(logs.filter((l) => l.includes('client stopped reading'))).toHaveLength(1)
  }, 30_000)
})

describe('limit configuration', () => {
  it('reads every limit from its environment variable', () => {
    const c = configFromEnv({
      PARLEY_ALLOWED_ORIGINS: 'https://shop.example, https://*.brand.example',
      PARLEY_IDENTITY_SECRET: 'sixteen chars or more',
      PARLEY_MAX_SEND_BUFFER_BYTES: '65536',
      PARLEY_MAX_FRAMES_PER_SECOND: '7',
      PARLEY_MAX_FRAMES_PER_SECOND_PER_IP: '70',
      PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP: '3',
      PARLEY_MAX_SOCKETS_PER_IP: '9',
      PARLEY_MAX_QUEUE_LENGTH: '11',
      PARLEY_MAX_UPLOAD_BYTES: '100000',
      PARLEY_MAX_IMAGE_PIXELS: '4000000',
      PARLEY_MAX_IMAGE_SIDE_PX: '3000',
      PARLEY_MAX_UPLOADS_PER_MINUTE_PER_IP: '4',
      PARLEY_MAX_LOGINS_PER_MINUTE_PER_IP: '5',
      PARLEY_LOCKOUT_FAILURES: '6',
      PARLEY_LOCKOUT_MS: '60000',
      PARLEY_RETENTION_DAYS: '30',
      PARLEY_RETENTION_SWEEP_MS: '600000',
      PARLEY_SHUTDOWN_GRACE_MS: '1500'
    })
    expect(c).toMatchObject({
      allowedOrigins: ['https://shop.example', 'https://*.brand.example'],
      identitySecret: 'sixteen chars or more',
      maxSendBufferBytes: 65536,
      maxFramesPerSecond: 7,
      maxFramesPerSecondPerIp: 70,
      maxNewChatsPerMinutePerIp: 3,
      maxSocketsPerIp: 9,
      maxQueueLength: 11,
      maxUploadBytes: 100000,
      maxImagePixels: 4000000,
      maxImageSidePx: 3000,
      maxUploadsPerMinutePerIp: 4,
      maxLoginsPerMinutePerIp: 5,
      lockoutFailures: 6,
      lockoutMs: 60000,
      retentionDays: 30,
      retentionSweepMs: 600000,
      shutdownGraceMs: 1500
    })
    expect(Object.isFrozen(c)).toBe(true)
  })

  it('refuses limits that make no sense', () => {
    expect(() => makeConfig({ maxFramesPerSecond: 0 })).toThrow(/maxFramesPerSecond/)
    expect(() => makeConfig({ maxUploadBytes: 1e9 })).toThrow(/maxUploadBytes/)
    expect(() => makeConfig({ maxSendBufferBytes: 10 })).toThrow(/maxSendBufferBytes/)
    expect(() => makeConfig({ retentionDays: -1 })).toThrow(/retentionDays/)
    expect(() => makeConfig({ lockoutFailures: 1.5 })).toThrow(/lockoutFailures/)
    expect(() => makeConfig({ allowedOrigins: ['shop.example'] })).toThrow(/allowedOrigins/)
    expect(() => makeConfig({ allowedOrigins: ['https://shop.example/path'] })).toThrow(/allowedOrigins/)
    expect(() => makeConfig({ identitySecret: 'short' })).toThrow(/identitySecret/)
    expect(() => configFromEnv({ PARLEY_MAX_QUEUE_LENGTH: 'lots' })).toThrow(/PARLEY_MAX_QUEUE_LENGTH/)
  })

  it('keeps the ws default of 100 MiB frames and compression out', async () => {
    const relay = await startTestRelay()
    try {
      const options = (relay.app.websocketServer as unknown as { options: { maxPayload: number; perMessageDeflate: unknown } }).options
      expect(options.maxPayload).toBe(64 * 1024)
      expect(options.perMessageDeflate).toBe(false)
    } finally {
      await relay.close()
    }
  })
})
