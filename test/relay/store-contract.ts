// One contract for every Store engine: what the relay relies on, including under concurrent
// writers (several relay nodes share one PostgreSQL). Each engine's test file calls storeContract
// with a way to open a fresh, empty store.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { HIGHLIGHT, type Part } from '../../protocol/index.js'
import type { Store } from '../../relay/store/store.js'

/** A fresh store; `reopen` closes it and opens the same data again. */
export interface StoreUnderTest {
  store: Store
  reopen(): Promise<Store>
  dispose(): Promise<void>
}

const text = (t: string): Part[] => [{ type: 'text', text: t }]
const hl = (w: string) => HIGHLIGHT.start + w + HIGHLIGHT.end

/** Defines the contract tests for one engine. */
export const storeContract = (engine: string, open: () => Promise<StoreUnderTest>): void => {
  describe(`Store contract: ${engine}`, () => {
    let t: StoreUnderTest
    let store: Store
    beforeEach(async () => {
      t = await open()
      store = t.store
      await store.createVisitor({ id: 'v1', tokenHash: 'h1', verified: 0, createdAt: 1 })
    })
    afterEach(async () => {
      await t.dispose()
    })

    const chat = (id: string, createdAt: number, first = 'Hi', visitorId = 'v1') =>
      store.createChat(
        { id, visitorId, status: 'waiting', title: 'Hi', createdAt, firstText: first, tags: [], visitor: {} },
        { id: `${id}-m1`, from: 'customer', parts: text(first), at: createdAt }
      )
    const agent = (email: string, maxChats = 4) => store.createAgent({ email, name: email, displayName: email, role: 'agent', passwordHash: 'x', maxChats })
    const say = (chatId: string, id: string, words: string, from: 'customer' | 'agent' = 'customer') =>
      store.appendMessage(chatId, { id, from, parts: text(words), at: 100 })

    describe('messages', () => {
      it('assigns seq numbers from 1 without gaps', async () => {
        await chat('c1', 10)
        const a = await say('c1', 'm2', 'a')
        const b = await say('c1', 'm3', 'b')
        expect([a.message.seq, b.message.seq]).toEqual([2, 3])
        expect((await store.messagesAfter('c1', 1, 10)).map((m) => m.id)).toEqual(['m2', 'm3'])
        expect((await store.getChat('c1'))!.lastSeq).toBe(3)
      })

      it('keeps seq gapless under concurrent writers on several chats', async () => {
        await Promise.all(['c1', 'c2', 'c3'].map((id, i) => chat(id, 10 + i)))
        const writes = Array.from({ length: 8 }, (_, w) =>
          (async () => {
            for (let i = 0; i < 15; i++) await say(`c${1 + ((w + i) % 3)}`, `w${w}-${i}`, `from ${w} number ${i}`)
          })()
        )
        await Promise.all(writes)
        let total = 0
        for (const id of ['c1', 'c2', 'c3']) {
          const all = await store.messagesAfter(id, 0, 1000)
          expect(all.map((m) => m.seq)).toEqual(all.map((_, i) => i + 1))
          expect((await store.getChat(id))!.lastSeq).toBe(all.length)
          total += all.length
        }
        expect(total).toBe(3 + 8 * 15)
      })

      it('returns the stored message for a duplicate client id and stores nothing new', async () => {
        await chat('c1', 10)
        const first = await say('c1', 'm2', 'a')
        const again = await store.appendMessage('c1', { id: 'm2', from: 'customer', parts: text('changed'), at: 99 })
        expect(again).toEqual({ message: first.message, duplicate: true })
        expect(await store.messagesAfter('c1', 0, 10)).toHaveLength(2)
      })

      it('stores one message when the same client id is sent eight times at once', async () => {
        await chat('c1', 10)
        for (let round = 0; round < 5; round++) {
          const results = await Promise.all(Array.from({ length: 8 }, () => say('c1', `same-${round}`, 'once')))
          expect(new Set(results.map((r) => r.message.seq)).size).toBe(1)
          expect(results.filter((r) => !r.duplicate)).toHaveLength(1)
        }
        const all = await store.messagesAfter('c1', 0, 100)
        expect(all.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6])
      })

      it('keeps names, events and image parts as appended', async () => {
        await chat('c1', 10)
        const parts: Part[] = [{ type: 'text', text: 'look' }]
        await store.appendMessage('c1', { id: 's1', from: 'system', parts: text('Ada joined'), at: 11, event: 'joined', name: 'Ada' })
        await store.appendMessage('c1', { id: 'a1', from: 'agent', parts, at: 12, name: 'Ada' })
        const [s, a] = await store.messagesAfter('c1', 1, 10)
        expect(s).toEqual({ id: 's1', chatId: 'c1', seq: 2, from: 'system', parts: text('Ada joined'), at: 11, event: 'joined', name: 'Ada' })
        expect(a).toEqual({ id: 'a1', chatId: 'c1', seq: 3, from: 'agent', parts, at: 12, name: 'Ada' })
      })

      it('refuses a message for a chat that does not exist', async () => {
        await expect(say('nope', 'm1', 'x')).rejects.toThrow()
      })

      it('keeps committed data when reopened', async () => {
        await chat('c1', 10)
        store = await t.reopen()
        expect((await store.messagesAfter('c1', 0, 10)).map((m) => m.parts)).toEqual([text('Hi')])
      })
    })

    describe('chats and the queue', () => {
      it('lists waiting chats oldest first and finds the visitor’s latest', async () => {
        await chat('late', 30)
        await chat('early', 10)
        await chat('middle', 20)
        expect((await store.listChats('waiting')).map((c) => c.id)).toEqual(['early', 'middle', 'late'])
        expect((await store.latestChatOf('v1'))!.id).toBe('late')
        expect(await store.latestChatOf('v-none')).toBeUndefined()
      })

      it('assigns a waiting chat to exactly one of two agents', async () => {
        await chat('c1', 10)
        const [a, b] = await Promise.all([agent('a@x.test'), agent('b@x.test')])
        for (let round = 0; round < 5; round++) {
          const id = `r${round}`
          await chat(id, 20 + round)
          const results = await Promise.all([store.assignChat(id, a.id, 10, 20), store.assignChat(id, b.id, 10, 20)])
          expect(results.sort()).toEqual(['ok', 'taken'])
        }
      })

      it('holds max chats when one agent accepts ten chats at once', async () => {
        const a = await agent('a@x.test', 3)
        for (let round = 0; round < 3; round++) {
          const ids = Array.from({ length: 10 }, (_, i) => `r${round}-${i}`)
          for (const [i, id] of ids.entries()) await chat(id, 100 * round + i)
          const results = await Promise.all(ids.map((id) => store.assignChat(id, a.id, 3, 500)))
          expect(results.filter((r) => r === 'ok')).toHaveLength(3)
          expect(results.filter((r) => r === 'max_chats')).toHaveLength(7)
          expect((await store.listChats('active')).filter((c) => c.agentId === a.id)).toHaveLength(3)
          for (const c of await store.listChats('active')) await store.endChat(c.id, 600)
        }
      })

      it('answers not_found, taken and max_chats', async () => {
        const a = await agent('a@x.test', 1)
        expect(await store.assignChat('nope', a.id, 1, 20)).toBe('not_found')
        await chat('c1', 10)
        await chat('c2', 11)
        expect(await store.assignChat('c1', a.id, 1, 20)).toBe('ok')
        expect(await store.assignChat('c2', a.id, 1, 21)).toBe('max_chats')
        expect(await store.assignChat('c1', a.id, 5, 21)).toBe('taken')
        const c1 = (await store.getChat('c1'))!
        expect([c1.status, c1.agentId, c1.answeredAt]).toEqual(['active', a.id, 20])
        expect((await store.getChat('c2'))!.status).toBe('waiting')
      })

      it('transfers only the sender’s active chat, within the target’s limit', async () => {
        const [a, b] = await Promise.all([agent('a@x.test'), agent('b@x.test', 1)])
        await chat('c1', 10)
        await chat('c2', 11)
        await store.assignChat('c1', a.id, 4, 20)
        await store.assignChat('c2', a.id, 4, 20)
        expect(await store.transferChat('c1', b.id, a.id, 4)).toBe('not_yours')
        const raced = await Promise.all([store.transferChat('c1', a.id, b.id, 1), store.transferChat('c2', a.id, b.id, 1)])
        expect(raced.sort()).toEqual(['max_chats', 'ok'])
        expect((await store.listChats('active')).map((c) => c.agentId).sort()).toEqual([a.id, b.id].sort())
      })

      it('requeues an active chat at the front of the queue, once', async () => {
        const a = await agent('a@x.test')
        await chat('c1', 10)
        await chat('c2', 20)
        await chat('c3', 30)
        await store.assignChat('c3', a.id, 4, 40)
        const twice = await Promise.all([store.requeueChat('c3'), store.requeueChat('c3')])
        expect(twice.sort()).toEqual([false, true])
        const c3 = (await store.getChat('c3'))!
        expect([c3.status, c3.agentId, c3.answeredAt]).toEqual(['waiting', undefined, undefined])
        expect((await store.listChats('waiting')).map((c) => c.id)).toEqual(['c3', 'c1', 'c2'])
      })

      it('requeues a chat only from the agent named, so a chat transferred meanwhile stays with its new agent', async () => {
        const [a, b] = [await agent('a@x.test'), await agent('b@x.test')]
        await chat('c1', 10)
        await store.assignChat('c1', a.id, 4, 20)
        expect(await store.transferChat('c1', a.id, b.id, 4)).toBe('ok')
        expect(await store.requeueChat('c1', a.id)).toBe(false)
        expect((await store.getChat('c1'))!.agentId).toBe(b.id)
        expect(await store.requeueChat('c1', b.id)).toBe(true)
        expect((await store.getChat('c1'))!.status).toBe('waiting')
      })

      it('makes one open chat per visitor when asked to, even when two starts race', async () => {
        const start = (id: string, at: number) =>
          store.createChat(
            { id, visitorId: 'v1', status: 'waiting', title: 'Hi', createdAt: at, firstText: 'Hi', tags: [], visitor: {} },
            { id: `${id}-m1`, from: 'customer', parts: text('Hi'), at },
            true
          )
        const [a, b] = await Promise.all([start('a', 10), start('b', 11)])
        expect(a.chat.id).toBe(b.chat.id)
        expect(a.message.id).toBe(b.message.id)
        expect([a.existing, b.existing].filter(Boolean)).toHaveLength(1)
        expect((await store.listChats('waiting')).map((c) => c.id)).toEqual([a.chat.id])
        // Once it has ended, the visitor may start again.
        await store.endChat(a.chat.id, 20)
        const again = await start('c', 30)
        expect(again.existing).toBeUndefined()
        expect(again.chat.id).toBe('c')
      })

      it('ends a chat once', async () => {
        await chat('c1', 10)
        const ends = await Promise.all([store.endChat('c1', 50), store.endChat('c1', 60)])
        expect(ends.filter(Boolean)).toHaveLength(1)
        expect([50, 60]).toContain((await store.getChat('c1'))!.endedAt)
        expect(await store.endChat('c1', 70)).toBe(false)
      })

      it('records pages, keeping the latest 100', async () => {
        await chat('c1', 10)
        for (let i = 0; i < 103; i++) await store.addPage('c1', { url: `https://shop.test/${i}`, at: i })
        const pages = (await store.getChat('c1'))!.pages
        expect(pages).toHaveLength(100)
        expect(pages[0]!.url).toBe('https://shop.test/3')
        expect(pages[99]).toEqual({ url: 'https://shop.test/102', at: 102 })
      })

      it('renames, retags and updates the visitor', async () => {
        await chat('c1', 10)
        expect((await store.updateChat('c1', { title: 'Refund', tags: ['billing', 'vip'] }))!).toMatchObject({ title: 'Refund', tags: ['billing', 'vip'] })
        await store.updateVisitor('v1', { name: 'Ada', email: 'ada@example.com', verified: 1, externalId: 'u1', attributes: { plan: 'pro' } })
        expect(await store.getVisitor('v1')).toEqual({
          id: 'v1',
          tokenHash: 'h1',
          name: 'Ada',
          email: 'ada@example.com',
          verified: 1,
          externalId: 'u1',
          attributes: { plan: 'pro' },
          createdAt: 1
        })
        expect((await store.getVisitorByToken('h1'))!.id).toBe('v1')
      })
    })

    describe('search', () => {
      beforeEach(async () => {
        await chat('old', 10, 'My order ORD-1234 never arrived')
        await chat('new', 20, 'Bitte helfen Sie Herrn Müller')
        await say('new', 'n2', 'The server had to restart twice')
        await say('old', 'o2', 'write to ada@example.com please', 'agent')
        await store.appendMessage('old', { id: 'sys', from: 'system', parts: text('Zebedee joined'), at: 101, event: 'joined' })
      })
      const ids = async (q: string) => (await store.searchChats(q, 20)).map((h) => h.chatId)

      it('finds whole words and word prefixes, every word required', async () => {
        expect(await ids('order')).toEqual(['old'])
        expect(await ids('ord')).toEqual(['old'])
        expect(await ids('ORD-1234')).toEqual(['old'])
        expect(await ids('1234')).toEqual(['old'])
        expect(await ids('order twice')).toEqual([])
        expect(await ids('server twice')).toEqual(['new'])
        expect(await ids('art')).toEqual([])
      })

      it('folds case and diacritics both ways', async () => {
        expect(await ids('muller')).toEqual(['new'])
        expect(await ids('MÜL')).toEqual(['new'])
      })

      it('finds the parts of an email address', async () => {
        expect(await ids('example')).toEqual(['old'])
        expect(await ids('ada')).toEqual(['old'])
      })

      it('does not index system messages', async () => {
        expect(await ids('zebedee')).toEqual([])
      })

      it('finds titles, tags and customers, newest chat first, up to the limit', async () => {
        await store.updateChat('old', { title: 'Lost parcel', tags: ['shipping'] })
        await store.updateVisitor('v1', { name: 'Grace Hopper', email: 'grace@navy.test' })
        expect(await ids('parcel')).toEqual(['old'])
        expect(await ids('shipp')).toEqual(['old'])
        expect(await ids('hopper')).toEqual(['new', 'old'])
        expect(await ids('navy')).toEqual(['new', 'old'])
        expect((await store.searchChats('hopper', 1)).map((h) => h.chatId)).toEqual(['new'])
        expect(await store.searchChats('  ', 10)).toEqual([])
      })

      it('highlights the matching word in the snippet', async () => {
        const [hit] = await store.searchChats('restar', 5)
        expect(hit!.snippet).toContain(hl('restart'))
        const [email] = await store.searchChats('exam', 5)
        expect(email!.snippet).toContain(hl('example'))
        expect(email!.snippet).toContain('ada@')
      })

      it('lists tags, most used first', async () => {
        await store.updateChat('old', { tags: ['vip', 'billing'] })
        await store.updateChat('new', { tags: ['vip'] })
        expect(await store.listTags()).toEqual([
          { tag: 'vip', count: 2 },
          { tag: 'billing', count: 1 }
        ])
      })
    })

    describe('the life of data', () => {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex')
      const upload = (id: string, chatId: string) =>
        store.putUpload({ id, chatId, from: 'customer', mime: 'image/png', width: 1, height: 1, bytes: png.length, createdAt: 5 }, png)

      it('stores uploads with their bytes', async () => {
        await chat('c1', 10)
        await upload('u1', 'c1')
        expect(await store.uploadInfo('u1')).toEqual({
          id: 'u1',
          chatId: 'c1',
          from: 'customer',
          mime: 'image/png',
          width: 1,
          height: 1,
          bytes: png.length,
          createdAt: 5
        })
        expect((await store.getUpload('u1'))!.data.equals(png)).toBe(true)
        expect(await store.getUpload('nope')).toBeUndefined()
      })

      it('deletes ended chats past retention with messages, images, tickets, search entries and orphaned visitors', async () => {
        await store.createVisitor({ id: 'v2', tokenHash: 'h2', verified: 0, createdAt: 1 })
        await chat('gone', 10, 'wombat', 'v2')
        await chat('kept', 20, 'wombat')
        await chat('open', 30, 'wombat')
        await upload('u1', 'gone')
        await store.createTicket({ chatId: 'gone', title: 't', customer: {}, tags: [], status: 'open', note: '', chatUrl: '', createdAt: 11, webhook: false })
        await store.endChat('gone', 100)
        await store.endChat('kept', 300)
        expect(await store.deleteEndedBefore(200)).toEqual({ chats: 1, visitors: 1 })
        expect(await store.getChat('gone')).toBeUndefined()
        expect(await store.messagesAfter('gone', 0, 10)).toEqual([])
        expect(await store.getUpload('u1')).toBeUndefined()
        expect(await store.listTickets()).toEqual([])
        expect(await store.getVisitor('v2')).toBeUndefined()
        expect((await store.searchChats('wombat', 10)).map((h) => h.chatId)).toEqual(['open', 'kept'])
        expect(await store.deleteEndedBefore(200)).toEqual({ chats: 0, visitors: 0 })
      })

      it('erases one customer by email in any case, or by token', async () => {
        await store.updateVisitor('v1', { email: 'Ada@Example.com' })
        await store.createVisitor({ id: 'v2', tokenHash: 'h2', verified: 0, createdAt: 1 })
        await chat('c1', 10, 'wombat')
        await chat('c2', 20, 'wombat', 'v2')
        await store.assignChat('c1', (await agent('a@x.test')).id, 4, 30)
        expect(await store.eraseCustomer({ email: ' ada@example.COM ' })).toEqual({ chats: 1, visitors: 1 })
        expect(await store.getChat('c1')).toBeUndefined()
        expect((await store.searchChats('wombat', 10)).map((h) => h.chatId)).toEqual(['c2'])
        expect(await store.eraseCustomer({ tokenHash: 'h2' })).toEqual({ chats: 1, visitors: 1 })
        expect(await store.eraseCustomer({ tokenHash: 'h2' })).toEqual({ chats: 0, visitors: 0 })
      })
    })

    describe('tickets', () => {
      const ticket = (chatId: string, webhook = false) =>
        store.createTicket({
          chatId,
          title: `About ${chatId}`,
          customer: { name: 'Ada' },
          tags: ['x'],
          status: 'open',
          note: 'n',
          chatUrl: 'https://c/1',
          createdAt: 50,
          webhook
        })

      it('numbers tickets without gaps when eight are created at once', async () => {
        const ids = Array.from({ length: 8 }, (_, i) => `c${i}`)
        for (const [i, id] of ids.entries()) await chat(id, i)
        const made = await Promise.all(ids.map((id) => ticket(id)))
        expect(made.map((m) => m.ticket.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
        expect((await store.getChat('c3'))!.ticketId).toBe(made[3]!.ticket.id)
      })

      it('makes one ticket per chat even when two clicks race', async () => {
        await chat('c1', 10)
        const [a, b] = await Promise.all([ticket('c1'), ticket('c1')])
        expect([a.created, b.created].sort()).toEqual([false, true])
        expect(a.ticket.id).toBe(b.ticket.id)
        await chat('c2', 11)
        expect((await ticket('c2')).ticket.number).toBe(2)
      })

      it('lists, closes and records webhook results', async () => {
        await chat('c1', 10)
        const { ticket: t } = await ticket('c1', true)
        expect(t).toMatchObject({
          number: 1,
          chatId: 'c1',
          customer: { name: 'Ada' },
          tags: ['x'],
          status: 'open',
          webhook: { status: 'pending', attempts: 0 }
        })
        expect((await store.claimDueWebhooks(50, 1000)).map((d) => d.id)).toEqual([t.id])
        await store.setWebhookResult(t.id, { status: 'pending', attempts: 1, nextAt: 80, error: 'HTTP 500' })
        expect(await store.claimDueWebhooks(79, 1000)).toEqual([])
        await store.setWebhookResult(t.id, { status: 'delivered', attempts: 2 })
        expect(await store.claimDueWebhooks(10_000, 1000)).toEqual([])
        expect((await store.setTicketStatus(t.id, 'closed'))!.status).toBe('closed')
        expect((await store.listTickets('closed')).map((x) => x.webhook)).toEqual(
          [{ status: 'delivered', attempts: 2, error: undefined }].map(({ error: _, ...w }) => w)
        )
        expect(await store.listTickets('open')).toEqual([])
      })

      it('hands each due webhook to one of several concurrent claimers, again only after the lease', async () => {
        for (let i = 0; i < 12; i++) {
          await chat(`c${i}`, i)
          await ticket(`c${i}`, true)
        }
        await ticket((await chat('quiet', 99)).chat.id, false)
        const claims = await Promise.all(Array.from({ length: 6 }, () => store.claimDueWebhooks(100, 5000)))
        const numbers = claims.flat().map((t) => t.number)
        expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
        expect(await store.claimDueWebhooks(5099, 5000)).toEqual([])
        // A claimer that died leaves its deliveries to the next claim once the lease is over.
        const again = await store.claimDueWebhooks(5100, 5000)
        expect(again.map((t) => t.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1))
        expect(again.every((t) => t.webhook.status === 'pending' && t.webhook.attempts === 0)).toBe(true)
      })

      it('does not hand out a delivery recorded as delivered or failed', async () => {
        await chat('c1', 1)
        await chat('c2', 2)
        const a = (await ticket('c1', true)).ticket
        const b = (await ticket('c2', true)).ticket
        expect(await store.claimDueWebhooks(100, 10)).toHaveLength(2)
        await store.setWebhookResult(a.id, { status: 'delivered', attempts: 1 })
        await store.setWebhookResult(b.id, { status: 'failed', attempts: 1, error: 'HTTP 500' })
        expect(await store.claimDueWebhooks(1_000_000, 10)).toEqual([])
      })
    })

    describe('login failures', () => {
      const rule = { failures: 3, windowMs: 1000 }

      it('locks a key at the n-th failure within the window, for the window, and no other key', async () => {
        expect(await store.recordLoginFailure('k', 100, rule)).toBe(0)
        expect(await store.recordLoginFailure('k', 200, rule)).toBe(0)
        expect(await store.loginLockedUntil('k')).toBe(0)
        expect(await store.recordLoginFailure('k', 300, rule)).toBe(1300)
        expect(await store.loginLockedUntil('k')).toBe(1300)
        expect(await store.loginLockedUntil('other')).toBe(0)
      })

      it('starts a new count when the window is over', async () => {
        await store.recordLoginFailure('k', 100, rule)
        await store.recordLoginFailure('k', 200, rule)
        // 1100 is the end of the window opened at 100: this failure counts as the first of a new one.
        expect(await store.recordLoginFailure('k', 1100, rule)).toBe(0)
        expect(await store.recordLoginFailure('k', 1200, rule)).toBe(0)
        expect(await store.recordLoginFailure('k', 1300, rule)).toBe(2300)
      })

      it('locks at the first failure when one is allowed', async () => {
        expect(await store.recordLoginFailure('k', 100, { failures: 1, windowMs: 50 })).toBe(150)
      })

      it('counts every one of concurrent failures', async () => {
        const many = { failures: 40, windowMs: 60_000 }
        await Promise.all(Array.from({ length: 39 }, () => store.recordLoginFailure('k', 100, many)))
        expect(await store.loginLockedUntil('k')).toBe(0)
        expect(await store.recordLoginFailure('k', 100, many)).toBe(60_100)
      })

      it('forgets a key after a success, and prunes keys whose window and lock are over', async () => {
        await store.recordLoginFailure('a', 100, rule)
        await store.clearLoginFailures('a')
        await store.recordLoginFailure('a', 200, rule)
        await store.recordLoginFailure('a', 300, rule)
        expect(await store.loginLockedUntil('a')).toBe(0)
        for (const t of [100, 200, 300]) await store.recordLoginFailure('locked', t, rule)
        await store.recordLoginFailure('young', 2000, rule)
        expect(await store.pruneLoginFailures(1199)).toBe(0)
        // 'a' counts from 200 (until 1200), 'locked' is locked until 1300, 'young' counts until 3000.
        expect(await store.pruneLoginFailures(1300)).toBe(2)
        expect(await store.loginLockedUntil('locked')).toBe(0)
        expect(await store.recordLoginFailure('young', 2100, rule)).toBe(0)
        expect(await store.recordLoginFailure('young', 2200, rule)).toBe(3200)
      })

      it('keeps failures when reopened', async () => {
        for (const t of [100, 200, 300]) await store.recordLoginFailure('k', t, rule)
        store = await t.reopen()
        expect(await store.loginLockedUntil('k')).toBe(1300)
      })
    })

    describe('agents, sessions, settings, text modules', () => {
      it('creates, finds by email in any case, updates and removes agents', async () => {
        const a = await agent('ada@x.test')
        expect(a).toMatchObject({ email: 'ada@x.test', on: false, greetings: [], sound: true, notifications: true, disabled: false, maxChats: 4 })
        await expect(agent('ADA@x.test')).rejects.toThrow()
        expect((await store.getAgentByEmail('ADA@X.TEST'))!.id).toBe(a.id)
        expect(await store.updateAgent(a.id, { on: true, greetings: ['Hello'], maxChats: 2, displayName: 'A' })).toMatchObject({
          on: true,
          greetings: ['Hello'],
          maxChats: 2,
          displayName: 'A'
        })
        expect(await store.countAgents()).toBe(1)
        expect(await store.removeAgent(a.id)).toBe(true)
        expect(await store.removeAgent(a.id)).toBe(false)
        expect(await store.listAgents()).toEqual([])
      })

      it('creates the first agent only while there is none, once when asked at the same moment', async () => {
        const first = (email: string) => store.createFirstAgent({ email, name: 'Admin', displayName: 'Admin', role: 'admin', passwordHash: 'x', maxChats: 4 })
        const made = await Promise.all(['one@x.test', 'two@x.test', 'three@x.test', 'four@x.test'].map(first))
        expect(made.filter(Boolean)).toHaveLength(1)
        expect((await store.listAgents()).map((a) => a.email)).toEqual([made.find(Boolean)!.email])
        expect(await first('later@x.test')).toBeUndefined()
        expect(await store.countAgents()).toBe(1)
      })

      it('expires and revokes sessions', async () => {
        const a = await agent('a@x.test')
        await store.createSession({ tokenHash: 't', agentId: a.id, createdAt: 0, expiresAt: 100 })
        await store.createSession({ tokenHash: 'u', agentId: a.id, createdAt: 0, expiresAt: 100 })
        expect(await store.getSession('t', 99)).toEqual({ tokenHash: 't', agentId: a.id, createdAt: 0, expiresAt: 100 })
        expect(await store.getSession('t', 100)).toBeUndefined()
        await store.deleteSession('t')
        expect(await store.revokeSessions(a.id)).toBe(1)
      })

      it('keeps site settings over defaults', async () => {
        const defaults = { title: 'Chat', color: '#000' } as never
        expect(await store.getSiteSettings(defaults)).toEqual({ title: 'Chat', color: '#000' })
        await store.saveSiteSettings({ title: 'Hilfe', color: '#000' } as never)
        expect(await store.getSiteSettings(defaults)).toEqual({ title: 'Hilfe', color: '#000' })
      })

      it('rates an ended chat once, and only an ended one (issue 12)', async () => {
        await chat('c1', 10)
        expect(await store.rateChat('c1', 'good', undefined)).toBe('not_ended')
        await store.endChat('c1', 20)
        expect(await store.rateChat('c1', 'bad', 'Too slow')).toBe('ok')
        expect(await store.rateChat('c1', 'good', undefined)).toBe('rated')
        expect(await store.rateChat('nope', 'good', undefined)).toBe('not_found')
        const c = (await store.getChat('c1'))!
        expect([c.rating, c.ratingComment]).toEqual(['bad', 'Too slow'])
      })

      it('keeps read marks monotonic and within the chat (issue 12)', async () => {
        await chat('c1', 10)
        await say('c1', 'm2', 'a', 'agent')
        expect(await store.readMarks('c1')).toEqual({ customer: 0, agent: 0 })
        expect(await store.markRead('c1', 'customer', 2)).toBe(true)
        expect(await store.markRead('c1', 'customer', 2)).toBe(false)
        expect(await store.markRead('c1', 'customer', 1)).toBe(false)
        expect(await store.markRead('c1', 'agent', 3)).toBe(false)
        expect(await store.markRead('c1', 'agent', 1)).toBe(true)
        expect(await Promise.all([store.markRead('c1', 'agent', 2), store.markRead('c1', 'agent', 2)])).toContain(true)
        const s = await t.reopen()
        expect(await s.readMarks('c1')).toEqual({ customer: 2, agent: 2 })
        store = s
      })

      it('stores notes beside the messages, idempotent on their id (issue 12)', async () => {
        await chat('c1', 10)
        const n = { id: 'n1', chatId: 'c1', agentId: 'a1', name: 'Ann', text: 'VIP customer', at: 30 }
        expect(await store.addNote(n)).toEqual({ note: n, duplicate: false })
        expect(await store.addNote({ ...n, text: 'changed' })).toEqual({ note: n, duplicate: true })
        await store.addNote({ ...n, id: 'n0', text: 'first', at: 20 })
        expect((await store.listNotes('c1')).map((x) => x.text)).toEqual(['first', 'VIP customer'])
        expect((await store.getChat('c1'))!.lastSeq).toBe(1)
        expect(await store.messagesAfter('c1', 0, 10)).toHaveLength(1)
      })

      it('creates a chat with its pre-chat topic, outside hours, or ended from the offline form (issue 12)', async () => {
        await store.createChat(
          {
            id: 'c9',
            visitorId: 'v1',
            status: 'ended',
            endedAt: 11,
            title: 'Form',
            createdAt: 10,
            firstText: 'x',
            tags: [],
            visitor: {},
            topic: 'Returns',
            outsideHours: true,
            offline: true
          },
          { id: 'c9-m1', from: 'customer', parts: text('Do you ship to Norway?'), at: 10 }
        )
        const c = (await store.getChat('c9'))!
        expect([c.status, c.endedAt, c.topic, c.outsideHours, c.offline]).toEqual(['ended', 11, 'Returns', true, true])
        expect((await store.searchChats('returns', 10)).map((h) => h.chatId)).toEqual(['c9'])
        const { ticket } = await store.createTicket({
          chatId: 'c9',
          title: 'Form',
          customer: {},
          tags: [],
          status: 'open',
          note: 'n',
          chatUrl: 'u',
          createdAt: 12,
          webhook: false,
          rating: 'good',
          ratingComment: 'ok',
          offline: true,
          outsideHours: true
        })
        expect([ticket.rating, ticket.ratingComment, ticket.offline, ticket.outsideHours]).toEqual(['good', 'ok', true, true])
      })

      it('saves, lists by name and removes text modules', async () => {
        await store.saveTextModule({ id: 't2', name: 'beta', keywords: '', content: 'B' }, 1)
        await store.saveTextModule({ id: 't1', name: 'Alpha', keywords: 'a', content: 'A' }, 2)
        await store.saveTextModule({ id: 't2', name: 'beta', keywords: 'b', content: 'B2' }, 3)
        expect(await store.listTextModules()).toEqual([
          { id: 't1', name: 'Alpha', keywords: 'a', content: 'A', updatedAt: 2 },
          { id: 't2', name: 'beta', keywords: 'b', content: 'B2', updatedAt: 3 }
        ])
        expect(await store.removeTextModule('t1')).toBe(true)
        expect(await store.removeTextModule('t1')).toBe(false)
      })
    })
  })
}
