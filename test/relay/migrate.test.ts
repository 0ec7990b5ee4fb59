// `parley migrate --to`: a SQLite installation copied into PostgreSQL by the real CLI, resumed
// after an interruption, and refused when the counts cannot match.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HIGHLIGHT } from '../../protocol/index.js'
import { openPgStore } from '../../relay/store/pg-store.js'
import { openSqliteStore } from '../../relay/store/sqlite-store.js'
import type { Store } from '../../relay/store/store.js'
import { runCli } from '../helpers/child-relay.js'
import { freshSchema, skipWithoutPg, type TestSchema } from '../helpers/pg.js'

const skip = await skipWithoutPg('parley migrate')
const text = (t: string) => [{ type: 'text' as const, text: t }]
const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

// A small but complete installation: every table has rows.
const fill = async (s: Store) => {
  const admin = await s.createAgent({ email: 'admin@example.com', name: 'Admin', displayName: 'Admin', role: 'admin', passwordHash: 'scrypt$x', maxChats: 4 })
  await s.updateAgent(admin.id, { greetings: ['Hello!', 'Hi'], on: true })
  await s.createSession({ tokenHash: 'sess', agentId: admin.id, createdAt: 1, expiresAt: Date.now() + 60_000 })
  for (let v = 0; v < 3; v++) {
    await s.createVisitor({ id: `v${v}`, tokenHash: `h${v}`, verified: 0, createdAt: v })
    await s.updateVisitor(`v${v}`, { name: `Kundin ${v}`, email: `k${v}@example.com`, attributes: { plan: 'pro' } })
    for (let c = 0; c < 4; c++) {
      const id = `c${v}-${c}`
      await s.createChat(
        {
          id,
          visitorId: `v${v}`,
          status: 'waiting',
          title: `Frage ${c}`,
          createdAt: 100 * v + c,
          firstText: 'Grüße',
          tags: ['a', 'b'],
          visitor: { lang: 'de' }
        },
        { id: `${id}-1`, from: 'customer', parts: text('Grüße aus Köln'), at: 1 }
      )
      for (let m = 0; m < 120; m++)
        await s.appendMessage(id, {
          id: `${id}-m${m}`,
          from: m % 2 ? 'agent' : 'customer',
          parts: text(`Nachricht ${m} über Müller`),
          at: 2 + m,
          ...(m % 2 ? { name: 'Admin' } : {})
        })
      await s.addPage(id, { url: 'https://shop.test/cart', at: 5 })
    }
  }
  await s.assignChat('c0-0', admin.id, 4, 10)
  await s.endChat('c0-1', 20)
  await s.putUpload({ id: 'up1', chatId: 'c0-0', from: 'customer', mime: 'image/png', width: 1, height: 1, bytes: png.length, createdAt: 3 }, png)
  await s.createTicket({
    chatId: 'c0-1',
    title: 'Ticket',
    customer: { name: 'Kundin 0' },
    tags: ['a'],
    status: 'open',
    note: 'n',
    chatUrl: 'https://x/c',
    createdAt: 30,
    webhook: false
  })
  await s.saveSiteSettings({ title: 'Hilfe' } as never)
  await s.saveTextModule({ id: 't1', name: 'Gruß', keywords: 'hallo', content: 'Hallo {{customer.name}}' }, 40)
}

describe.skipIf(skip)('parley migrate', () => {
  let dir: string
  let schema: TestSchema
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-migrate-'))
    schema = await freshSchema()
    const s = openSqliteStore(join(dir, 'parley.db'))
    await fill(s)
    await s.close()
  })
  afterEach(async () => {
    rmSync(dir, { recursive: true, force: true })
    await schema.drop()
  })

  it('copies every table, and the relay finds the same data on PostgreSQL', { timeout: 120_000 }, async () => {
    const run = await runCli(['migrate', '--to', schema.url], { PARLEY_DATA_DIR: dir })
    expect(run.out).toContain('done: every table has the same number of rows')
    expect(run.code).toBe(0)
    expect(run.out).toMatch(/messages\s+1452 in SQLite\s+1452 in PostgreSQL/)

    const sqlite = openSqliteStore(join(dir, 'parley.db'))
    const pg = await openPgStore({ url: schema.url })
    try {
      for (const id of ['c0-0', 'c2-3']) {
        expect(await pg.getChat(id)).toEqual(await sqlite.getChat(id))
        expect(await pg.messagesAfter(id, 0, 500)).toEqual(await sqlite.messagesAfter(id, 0, 500))
      }
      expect(await pg.listAgents()).toEqual(await sqlite.listAgents())
      expect(await pg.getVisitor('v1')).toEqual(await sqlite.getVisitor('v1'))
      expect(await pg.getSession('sess', Date.now())).toEqual(await sqlite.getSession('sess', Date.now()))
      expect(await pg.listChats('waiting')).toEqual(await sqlite.listChats('waiting'))
      expect((await pg.getUpload('up1'))!.data.equals(png)).toBe(true)
      expect(await pg.listTickets()).toEqual(await sqlite.listTickets())
      expect(await pg.getSiteSettings({ title: 'x', color: '#000' } as never)).toEqual({ title: 'Hilfe', color: '#000' })
      expect(await pg.listTextModules()).toEqual(await sqlite.listTextModules())
      // Search vectors were rebuilt; the ticket counter continues.
      expect((await pg.searchChats('kundin k2', 50)).map((h) => h.chatId).sort()).toEqual(['c2-0', 'c2-1', 'c2-2', 'c2-3'])
      const hits = await pg.searchChats('mull', 50)
      expect(hits).toHaveLength(12)
      expect(hits[0]!.snippet).toContain(HIGHLIGHT.start + 'Müller' + HIGHLIGHT.end)
      expect(
        (await pg.createTicket({ chatId: 'c1-1', title: 't', customer: {}, tags: [], status: 'open', note: '', chatUrl: '', createdAt: 50, webhook: false }))
          .ticket.number
      ).toBe(2)
    } finally {
      await sqlite.close()
      await pg.close()
    }
  })

  it('resumes after an interruption and refuses counts that cannot match', { timeout: 120_000 }, async () => {
    expect((await runCli(['migrate', '--to', schema.url], { PARLEY_DATA_DIR: dir })).code).toBe(0)
    const pg = await openPgStore({ url: schema.url })
    try {
      // As if the copy had stopped part-way: the tail of the messages and the images are missing.
      await pg.pool.query("DELETE FROM messages WHERE chat_id >= 'c1'")
      await pg.pool.query('DELETE FROM uploads')
      const again = await runCli(['migrate', '--to', schema.url, '--from', join(dir, 'parley.db')], {})
      expect(again.code).toBe(0)
      expect(again.out).toMatch(/messages\s+1452 in SQLite\s+1452 in PostgreSQL/)
      expect((await pg.messagesAfter('c2-3', 0, 500)).map((m) => m.seq)).toEqual(Array.from({ length: 121 }, (_, i) => i + 1))

      await pg.createAgent({ email: 'extra@example.com', name: 'x', displayName: 'x', role: 'agent', passwordHash: 'x', maxChats: 1 })
      const refused = await runCli(['migrate', '--to', schema.url], { PARLEY_DATA_DIR: dir })
      expect(refused.code).not.toBe(0)
      expect(refused.out).toMatch(/agents\s+1 in SQLite\s+2 in PostgreSQL\s+MISMATCH/)
      expect(refused.out).toContain('row counts differ in agents')
    } finally {
      await pg.close()
    }
  })
})
