// The `parley` command as a new user runs it: first start, and managing agents.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { freePort, runCli, startChildRelay } from '../helpers/child-relay.js'

describe('the parley command', () => {
  let dataDir: string
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'))
  })
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

  const env = () => ({ PARLEY_DATA_DIR: dataDir })

  it('creates the first admin on first start, prints the URLs and a password that logs in', async () => {
    const port = await freePort()
    const relay = await startChildRelay(port, { ...env(), PARLEY_ADMIN_EMAIL: 'owner@shop.test' })
    try {
      await new Promise((r) => setTimeout(r, 200))
      const out = relay.output()
      expect(out).toContain(`http://127.0.0.1:${port}/console/`)
      expect(out).toContain(`http://127.0.0.1:${port}/parley.js`)
      expect(out).toContain('owner@shop.test')
      const password = /password:\s+(\S+)/.exec(out)?.[1]
      expect(password).toBeTruthy()
      const res = await fetch(relay.url + '/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@shop.test', password })
      })
      expect(res.status).toBe(200)
    } finally {
      relay.proc.kill('SIGTERM')
      await relay.exited
    }
    // A second start finds the admin and prints no password.
    const again = await startChildRelay(port, env())
    try {
      await new Promise((r) => setTimeout(r, 200))
      expect(again.output()).not.toMatch(/password:/)
    } finally {
      again.proc.kill('SIGTERM')
      await again.exited
    }
  })

  it('uses PARLEY_ADMIN_PASSWORD for the first admin when it is set', async () => {
    const relay = await startChildRelay(await freePort(), { ...env(), PARLEY_ADMIN_EMAIL: 'a@shop.test', PARLEY_ADMIN_PASSWORD: 'a chosen password' })
    try {
      const res = await fetch(relay.url + '/api/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'a@shop.test', password: 'a chosen password' })
      })
      expect(res.status).toBe(200)
      expect(relay.output()).not.toContain('a chosen password')
    } finally {
      relay.proc.kill('SIGTERM')
      await relay.exited
    }
  })

  it('adds, lists and removes agents', async () => {
    const added = await runCli(['agent', 'add', '--name', 'Alice Example', '--email', 'Alice@Shop.test', '--password', 'long enough', '--role', 'admin'], env())
    expect(added).toMatchObject({ code: 0 })
    expect(added.out).toContain('added admin Alice Example <alice@shop.test>')
    const generated = await runCli(['agent', 'add', '--name', 'Bob', '--email', 'bob@shop.test'], env())
    expect(generated.out).toMatch(/password: \S{12,}/)
    const list = await runCli(['agent', 'list'], env())
    expect(list.out).toMatch(/alice@shop.test\tAlice Example\tadmin\toff/)
    expect(list.out).toMatch(/bob@shop.test\tBob\tagent\toff/)
    expect((await runCli(['agent', 'remove', 'bob@shop.test'], env())).out).toContain('removed bob@shop.test')
    expect((await runCli(['agent', 'list'], env())).out).not.toContain('bob@shop.test')
  })

  it('refuses bad input with a clear message and exit code 2', async () => {
    const bad = await runCli(['agent', 'add', '--name', 'X', '--email', 'not-an-email', '--password', 'long enough'], env())
    expect(bad.code).toBe(2)
    expect(bad.out).toContain('"not-an-email" is not an email address')
    await runCli(['agent', 'add', '--name', 'A', '--email', 'a@shop.test', '--password', 'long enough'], env())
    const dup = await runCli(['agent', 'add', '--name', 'A', '--email', 'a@shop.test', '--password', 'long enough'], env())
    expect(dup.out).toContain('already exists')
    expect((await runCli(['frobnicate'], env())).code).toBe(2)
    expect((await runCli(['agent', 'remove', 'nobody@shop.test'], env())).out).toContain('no agent with email')
  })
})

describe('a first start on a taken port', () => {
  it('leaves no admin behind whose password nobody saw', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-cli-'))
    const { createServer } = await import('node:net')
    const blocker = createServer()
    const port = await freePort()
    await new Promise<void>((r) => blocker.listen(port, '127.0.0.1', r))
    try {
      const start = await runCli(['start'], { PARLEY_DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port) })
      expect(start.code).toBe(1)
      expect(start.out).toContain('EADDRINUSE')
      expect((await runCli(['agent', 'list'], { PARLEY_DATA_DIR: dataDir })).out).toContain('no agents')
    } finally {
      blocker.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
