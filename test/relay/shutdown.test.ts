// Graceful shutdown of the relay process on SIGTERM and SIGINT.
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE, PROTOCOL_VERSION } from '../../protocol/index.js'
import { openSqliteStore } from '../../relay/store/sqlite-store.js'
import { freePort, startChildRelay, type ChildRelay } from '../helpers/child-relay.js'
import { connectClient } from '../helpers/ws-client.js'

const PASSWORD = 'correct horse battery'

describe('a relay process asked to stop', () => {
  let relay: ChildRelay | undefined
  let dataDir: string | undefined
  afterEach(async () => {
    if (relay && relay.proc.exitCode === null && relay.proc.signalCode === null) {
      relay.proc.kill('SIGKILL')
      await relay.exited
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  const start = async (extra: Record<string, string> = {}) => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-stop-'))
    relay = await startChildRelay(await freePort(), {
      PARLEY_DATA_DIR: dataDir,
      PARLEY_ADMIN_EMAIL: 'admin@example.com',
      PARLEY_ADMIN_PASSWORD: PASSWORD,
      ...extra
    })
    const res = await fetch(relay.url + '/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: PASSWORD })
    })
    const cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const agent = await connectClient(relay.wsUrl + '/ws/agent', { cookie })
    agent.send({ type: 'hello', v: PROTOCOL_VERSION })
    await agent.next('welcome')
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
    const customer = await connectClient(relay.wsUrl + '/ws/customer')
    customer.send({ type: 'hello', v: PROTOCOL_VERSION })
    await customer.next('welcome')
    customer.send({ type: 'start', id: 'c1', parts: [{ type: 'text', text: 'Hello before the restart' }] })
    const { chat } = await customer.next('started')
    await customer.next('ack')
    return { agent, customer, chatId: chat.id as string }
  }

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`tells every client to reconnect (1012), writes everything into parley.db and exits 0 on ${signal}`, async () => {
      const { agent, customer, chatId } = await start()
      relay!.proc.kill(signal)
      expect((await customer.closed).code).toBe(CLOSE.restart)
      expect((await agent.closed).code).toBe(CLOSE.restart)
      expect(await relay!.exited).toEqual({ code: 0, signal: null })
      // Flushed: closing the database checkpointed the WAL into the main file.
      const wal = join(dataDir!, 'parley.db-wal')
      expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true)
      const store = openSqliteStore(join(dataDir!, 'parley.db'))
      expect((await store.messagesAfter(chatId, 0, 10)).map((m) => m.id)).toEqual(['c1'])
      await store.close()
    }, 30_000)
  }

  it('refuses new sockets while it stops and cuts off a client that does not answer the close, still exiting 0', async () => {
    const { customer } = await start({ PARLEY_SHUTDOWN_GRACE_MS: '1500' })
    // A client that stopped reading never completes the closing handshake.
    const stuck = await connectClient(relay!.wsUrl + '/ws/customer')
    ;(stuck.ws as unknown as { _socket: { pause(): void } })._socket.pause()
    relay!.proc.kill('SIGTERM')
    expect((await customer.closed).code).toBe(CLOSE.restart)
    // The relay is still up (waiting for the stuck client) but routes nothing new.
    await expect(connectClient(relay!.wsUrl + '/ws/customer')).rejects.toThrow(/503|ECONNREFUSED|socket hang up/)
    expect(await relay!.exited).toEqual({ code: 0, signal: null })
    ;(stuck.ws as unknown as { _socket: { resume(): void } })._socket.resume()
    expect((await stuck.closed).code).not.toBe(CLOSE.normal)
  }, 30_000)
})
