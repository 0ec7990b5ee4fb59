// The life of the data: retention, erasing one customer, and backups taken while the relay runs.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import type { RelayConfig } from '../../relay/index.js'
import { openSqliteStore } from '../../relay/store/sqlite-store.js'
import { runCli } from '../helpers/child-relay.js'
import { png } from '../helpers/images.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'

const text = (t: string) => [{ type: 'text', text: t }]
const DAY_MS = 24 * 3600_000

describe('data', () => {
  let relay: TestRelay
  let agent: TestClient
  const dirs: string[] = []
  const start = async (overrides: Partial<RelayConfig> = {}) => {
    relay = await startTestRelay(overrides)
    const alice = await relay.agent('Alice')
    agent = (await relay.agentSocket(alice.cookie)).client
    agent.send({ type: 'status', on: true })
    await agent.next('me', (f) => f.me.on)
  }
  afterEach(async () => {
    await relay.close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })

  /** A customer's chat with an image, answered and (unless `open`) ended. */
  const chat = async (opts: { email?: string; open?: boolean; words?: string } = {}) => {
    const { client } = await relay.customerSocket()
    if (opts.email) client.send({ type: 'identify', email: opts.email, name: 'Erin Example' })
    client.send({ type: 'start', id: 'c1', parts: text(opts.words ?? 'my order number is 4711') })
    const { token, chat } = await client.next('started')
    agent.send({ type: 'accept', chatId: chat.id })
    await client.next('chat', (f) => f.chat.status === 'active')
    const res = await fetch(relay.url + '/api/uploads', {
      method: 'POST',
      headers: { 'content-type': 'image/png', 'x-parley-token': token },
      body: new Uint8Array(png(2, 2))
    })
    const image = (await res.json()).id as string
    if (!opts.open) {
      client.send({ type: 'end' })
      await client.next('chat', (f) => f.chat.status === 'ended')
    }
    client.close()
    return { token: token as string, chatId: chat.id as string, image }
  }

  /** Moves a chat's end into the past, as if it ended `days` ago. */
  const endedDaysAgo = (chatId: string, days: number) => {
    const db = new Database(join(relay.dataDir, 'parley.db'))
    db.prepare('UPDATE chats SET ended_at = ? WHERE id = ?').run(Date.now() - days * DAY_MS, chatId)
    db.close()
  }

  const gone = async (c: { chatId: string; image: string }) => {
    const { store } = relay.app.parley
    return (
      (await store.getChat(c.chatId)) === undefined &&
      (await store.messagesAfter(c.chatId, 0, 10)).length === 0 &&
      (await fetch(`${relay.url}/uploads/${c.image}`)).status === 404
    )
  }

  it('deletes ended chats older than retentionDays with their images, on its timer, and keeps the rest', async () => {
    await start({ retentionDays: 30, retentionSweepMs: 1000 })
    const old = await chat({ words: 'an old question about invoices' })
    const recent = await chat()
    const open = await chat({ open: true })
    endedDaysAgo(old.chatId, 31)
    endedDaysAgo(recent.chatId, 29)
    // The next sweep runs within retentionSweepMs.
    for (let i = 0; i < 40 && !(await gone(old)); i++) await new Promise((r) => setTimeout(r, 100))
    expect(await gone(old)).toBe(true)
    expect(await gone(recent)).toBe(false)
    expect(await gone(open)).toBe(false)
    // Its words are gone from the archive search too, and its visitor with it.
    expect(await relay.app.parley.store.searchChats('invoices', 10)).toEqual([])
    const { welcome } = await relay.customerSocket({ token: old.token })
    expect(welcome.chat).toBeNull()
  })

  it('prunes on command (parley prune --days N) while the relay runs', async () => {
    await start()
    const old = await chat()
    const recent = await chat()
    endedDaysAgo(old.chatId, 10)
    endedDaysAgo(recent.chatId, 2)
    const run = await runCli(['prune', '--days', '7'], { PARLEY_DATA_DIR: relay.dataDir })
    expect(run.code, run.out).toBe(0)
    expect(run.out).toMatch(/deleted 1 ended chat older than 7 days/)
    expect(await gone(old)).toBe(true)
    expect(await gone(recent)).toBe(false)
  })

  it('erases everything about one customer by email: chats in any state, messages, images, search entries', async () => {
    await start()
    const first = await chat({ email: 'erin@example.com', words: 'erin writes about zeppelins' })
    const second = await chat({ email: 'ERIN@example.com', open: true })
    const someoneElse = await chat({ email: 'frank@example.com', words: 'frank writes about zeppelins' })
    const run = await runCli(['erase', '--email', 'erin@example.com'], { PARLEY_DATA_DIR: relay.dataDir })
    expect(run.code, run.out).toBe(0)
    expect(run.out).toMatch(/erased 2 visitors and 2 chats/)
    expect(await gone(first)).toBe(true)
    expect(await gone(second)).toBe(true)
    expect(await gone(someoneElse)).toBe(false)
    const hits = await relay.app.parley.store.searchChats('zeppelins', 10)
    expect(hits.map((h) => h.chatId)).toEqual([someoneElse.chatId])
  })

  it('takes an open chat erased by `parley erase` off the agents’ panel while the relay runs', async () => {
    await start({ heartbeatMs: 200 })
    const open = await chat({ email: 'erin@example.com', open: true })
    expect(relay.app.parley.hub.panel().chatting.map((c) => c.id)).toContain(open.chatId)
    const run = await runCli(['erase', '--email', 'erin@example.com'], { PARLEY_DATA_DIR: relay.dataDir })
    expect(run.code, run.out).toBe(0)
    await agent.next('panelDelta', (f) => (f.goneChats ?? []).some((g: { id: string }) => g.id === open.chatId))
    expect(relay.app.parley.hub.panel().chatting.map((c) => c.id)).not.toContain(open.chatId)
  }, 60_000) // a real `parley` process: bundling and starting it is slow on a busy machine

  it('erases one customer by their token', async () => {
    await start()
    const mine = await chat()
    const other = await chat()
    const run = await runCli(['erase', '--token', mine.token], { PARLEY_DATA_DIR: relay.dataDir })
    expect(run.code, run.out).toBe(0)
    expect(await gone(mine)).toBe(true)
    expect(await gone(other)).toBe(false)
    expect((await runCli(['erase'], { PARLEY_DATA_DIR: relay.dataDir })).code).toBe(2)
  })

  it('stores every message while another process writes to the database (no SQLITE_BUSY_SNAPSHOT)', async () => {
    await start({ maxFramesPerSecond: 10_000, maxFramesPerSecondPerIp: 100_000 })
    const c = await chat({ open: true })
    // A CLI-like writer in another process, in a tight loop for a second.
    const script = `const D = require('better-sqlite3'); const end = Date.now() + 1000
      while (Date.now() < end) { const db = new D(process.argv[1]); db.pragma('busy_timeout = 5000'); db.prepare("INSERT INTO site_settings (key, value) VALUES ('probe', '1') ON CONFLICT(key) DO UPDATE SET value = value").run(); db.close() }`
    const { spawn } = await import('node:child_process')
    const other = spawn(process.execPath, ['-e', script, join(relay.dataDir, 'parley.db')], { cwd: process.cwd(), stdio: 'inherit' })
    const exited = new Promise((r) => other.on('exit', r))
    let n = 0
    const errors: unknown[] = []
    while (other.exitCode === null) {
      agent.send({ type: 'send', chatId: c.chatId, id: `b${++n}`, parts: text(`message ${n}`) })
      const f = await Promise.race([agent.next('ack', (f) => f.id === `b${n}`), agent.next('error')])
      if (f.type === 'error') errors.push(f)
    }
    await exited
    expect(errors).toEqual([])
    expect(n).toBeGreaterThan(10)
  })

  it('takes a consistent backup while the relay keeps writing', async () => {
    await start({ maxFramesPerSecond: 10_000, maxFramesPerSecondPerIp: 100_000 })
    const c = await chat({ open: true })
    const dir = mkdtempSync(join(tmpdir(), 'parley-backup-'))
    dirs.push(dir)
    const file = join(dir, 'copy.db')
    // Messages keep arriving while the backup runs.
    let writing = true
    let n = 0
    const writer = (async () => {
      while (writing) {
        agent.send({ type: 'send', chatId: c.chatId, id: `w${++n}`, parts: text(`message ${n}`) })
        await agent.next('ack', (f) => f.id === `w${n}`, 15_000)
      }
    })()
    await new Promise((r) => setTimeout(r, 100))
    const run = await runCli(['backup', file], { PARLEY_DATA_DIR: relay.dataDir })
    writing = false
    await writer
    expect(run.code, run.out).toBe(0)
    expect(existsSync(file)).toBe(true)
    const db = new Database(file, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
    // A snapshot: the chat's seqs are gapless up to where the copy was taken, and its image is in it.
    const copy = openSqliteStore(file)
    const messages = await copy.messagesAfter(c.chatId, 0, 100_000)
    expect(messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1))
    expect((await copy.getChat(c.chatId))!.lastSeq).toBe(messages.length)
    expect(messages.length).toBeGreaterThan(2)
    expect((await copy.getUpload(c.image))?.info.mime).toBe('image/png')
    await copy.close()
    // Never over an existing file.
    expect((await runCli(['backup', file], { PARLEY_DATA_DIR: relay.dataDir })).code).toBe(2)
  })
})
