// Starts a real relay on a loopback port with a fresh SQLite file, for integration tests.
import type { FastifyInstance } from 'fastify'
import type { ClientOptions } from 'ws'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PROTOCOL_VERSION } from '../../protocol/index.js'
import { addAgent } from '../../relay/agents.js'
import { buildRelay, makeConfig, type BuildOptions, type RelayConfig } from '../../relay/index.js'
import { openPgStore } from '../../relay/store/pg-store.js'
import { freshSchema } from './pg.js'
import { connectClient, type TestClient } from './ws-client.js'

/** A running relay and ways to talk to it. */
export interface TestRelay {
  app: FastifyInstance
  url: string
  wsUrl: string
  dataDir: string
  config: Readonly<RelayConfig>
  /** Creates an agent and returns a session cookie for it. */
  agent(name: string, opts?: { role?: 'admin' | 'agent'; password?: string }): Promise<{ email: string; password: string; cookie: string }>
  /** Logs in and returns the `cookie` header value. */
  login(email: string, password: string): Promise<string>
  /** An agent socket that has said hello and received its welcome. */
  agentSocket(cookie: string, options?: ClientOptions): Promise<{ client: TestClient; welcome: any }>
  /** A customer socket that has said hello and received its welcome. */
  customerSocket(hello?: object): Promise<{ client: TestClient; welcome: any }>
  close(): Promise<void>
}

/** Starts a relay on 127.0.0.1 with a random port and a temporary data directory. */
export const startTestRelay = async (overrides: Partial<RelayConfig> = {}, options: BuildOptions = {}): Promise<TestRelay> => {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'))
  const config = makeConfig({ port: 1, agentGraceMs: 200, logLevel: 'silent', ...overrides, dataDir })
  // PARLEY_TEST_STORE=pg runs the relay's integration tests on PostgreSQL (a fresh schema each).
  const schema = process.env.PARLEY_TEST_STORE === 'pg' && !options.store ? await freshSchema() : undefined
  if (schema) options = { ...options, store: await openPgStore({ url: schema.url, exclusive: true }) }
  const app = await buildRelay(config, options)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const port = (app.server.address() as { port: number }).port
  const url = `http://127.0.0.1:${port}`
  const wsUrl = `ws://127.0.0.1:${port}`
  const login = async (email: string, password: string) => {
    const res = await fetch(url + '/api/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) })
    if (res.status !== 200) throw new Error(`login failed: ${res.status}`)
    return res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
  }
  const clients: TestClient[] = []
  return {
    app,
    url,
    wsUrl,
    dataDir,
    config,
    login,
    async agent(name, opts = {}) {
      const email = `${name.toLowerCase().replace(/\W/g, '')}@example.com`
      const password = opts.password ?? 'correct horse battery'
      await addAgent(app.parley.store, config, { name, email, password, role: opts.role ?? 'agent' })
      return { email, password, cookie: await login(email, password) }
    },
    async agentSocket(cookie, options) {
      const client = await connectClient(wsUrl + '/ws/agent', { cookie }, options)
      clients.push(client)
      client.send({ type: 'hello', v: PROTOCOL_VERSION })
      return { client, welcome: await client.next('welcome') }
    },
    async customerSocket(hello = {}) {
      const client = await connectClient(wsUrl + '/ws/customer')
      clients.push(client)
      client.send({ type: 'hello', v: PROTOCOL_VERSION, ...hello })
      return { client, welcome: await client.next('welcome') }
    },
    async close() {
      for (const c of clients) c.close()
      await app.close()
      await schema?.drop()
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
