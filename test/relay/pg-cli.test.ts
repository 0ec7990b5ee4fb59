// `parley start` and the CLI with PARLEY_DATABASE_URL: real processes on a fresh schema.
import { afterEach, describe, expect, it } from 'vitest'
import { freePort, runCli, startChildRelay, type ChildRelay } from '../helpers/child-relay.js'
import { freshSchema, skipWithoutPg, type TestSchema } from '../helpers/pg.js'

const skip = await skipWithoutPg('parley on PostgreSQL')

describe.skipIf(skip)('parley with PARLEY_DATABASE_URL', () => {
  let schema: TestSchema | undefined
  const children: ChildRelay[] = []
  afterEach(async () => {
    for (const c of children.splice(0)) {
      c.proc.kill('SIGKILL')
      await c.exited
    }
    await schema?.drop()
  })

  it('starts on PostgreSQL, creates the admin once, serves the CLI, and refuses a second node', { timeout: 60_000 }, async () => {
    schema = await freshSchema()
    const env = { PARLEY_DATABASE_URL: schema.url, PARLEY_ADMIN_PASSWORD: 'correct horse battery' }
    const relay = await startChildRelay(await freePort(), env)
    children.push(relay)
    expect(relay.output()).toContain('Data: PostgreSQL')
    const login = await fetch(relay.url + '/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'correct horse battery' })
    })
    expect(login.status).toBe(200)

    expect((await runCli(['agent', 'add', '--name', 'Bea', '--email', 'bea@example.com', '--password', 'long enough pw'], env)).code).toBe(0)
    const list = await runCli(['agent', 'list'], env)
    expect(
      list.out
        .split('\n')
        .filter((l) => l.includes('@'))
        .map((l) => l.split('\t')[0])
    ).toEqual(['admin@example.com', 'bea@example.com'])
    const backup = await runCli(['backup', '/tmp/never-written.db'], env)
    expect(backup.code).not.toBe(0)
    expect(backup.out).toContain('pg_dump')

    await expect(startChildRelay(await freePort(), env)).rejects.toThrow(/another relay node is already running/)
  })

  it('migrates once and creates the first admin once when three nodes start together on an empty database', { timeout: 90_000 }, async () => {
    schema = await freshSchema()
    const env = { PARLEY_DATABASE_URL: schema.url }
    const ports = await Promise.all([freePort(), freePort(), freePort()])
    const starts = await Promise.allSettled(ports.map((p) => startChildRelay(p, env)))
    const up = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
    children.push(...up)
    expect(up).toHaveLength(1)
    for (const s of starts) if (s.status === 'rejected') expect(String(s.reason)).toContain('another relay node is already running')
    expect(up[0]!.output()).toContain('password:')
    const list = await runCli(['agent', 'list'], env)
    expect(list.out.split('\n').filter((l) => l.includes('@'))).toHaveLength(1)
  })

  it('refuses a database URL that is not PostgreSQL', async () => {
    const r = await runCli(['start'], { PARLEY_DATABASE_URL: 'mysql://x@y/z', PORT: String(await freePort()) })
    expect(r.code).not.toBe(0)
    expect(r.out).toContain('PARLEY_DATABASE_URL must be a postgres://')
  })
})
