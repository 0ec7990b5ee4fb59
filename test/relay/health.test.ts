// /healthz tells a load balancer whether the node can reach its store: real faults, no mocks.
import { afterEach, describe, expect, it } from 'vitest'
import { openPgStore } from '../../relay/store/pg-store.js'
import { freshSchema, skipWithoutPg, type TestSchema } from '../helpers/pg.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js'

const skip = await skipWithoutPg('health on PostgreSQL')

describe('/healthz', () => {
  let relay: TestRelay | undefined
  let proxy: TcpProxy | undefined
  let schema: TestSchema | undefined
  afterEach(async () => {
    await relay?.close()
    await proxy?.close()
    await schema?.drop()
    relay = proxy = schema = undefined
  })

  it('reports the store and the bus of a single SQLite node', async () => {
    relay = await startTestRelay()
    const res = await fetch(relay.url + '/healthz')
    expect([res.status, await res.json()]).toEqual([200, { status: 'ok', store: 'ok', bus: 'none' }])
  })

  it.skipIf(skip)('answers 503 while PostgreSQL cannot be reached, and 200 again once it can', { timeout: 30_000 }, async () => {
    schema = await freshSchema()
    proxy = await startTcpProxy(Number(new URL(schema.url).port || 5432))
    const url = new URL(schema.url)
    url.port = String(proxy.port)
    relay = await startTestRelay({}, { store: await openPgStore({ url: url.toString(), exclusive: true }) })
    expect((await fetch(relay.url + '/healthz')).status).toBe(200)

    await proxy.cut()
    const down = await fetch(relay.url + '/healthz')
    expect([down.status, await down.json()]).toEqual([503, { status: 'down', store: 'down', bus: 'none' }])

    await proxy.restore()
    const up = await fetch(relay.url + '/healthz')
    expect([up.status, await up.json()]).toEqual([200, { status: 'ok', store: 'ok', bus: 'none' }])
  })
})
