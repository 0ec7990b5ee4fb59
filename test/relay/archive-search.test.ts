// The archive on SQLite: searched in its worker thread on a real file, a page at a time, with no
// index lag, within a time limit that cuts off a query stuck inside SQLite while the relay keeps
// delivering messages.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { HIGHLIGHT, type Part } from '../../protocol/index.js'
import { bulkLoad } from '../../relay/store/bulk-load.js'
import { openSqliteStore, type SqliteStore } from '../../relay/store/sqlite-store.js'
import type { ArchivePageRecord } from '../../relay/store/store.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const text = (t: string): Part[] => [{ type: 'text', text: t }]
const hl = (w: string) => HIGHLIGHT.start + w + HIGHLIGHT.end

describe('the archive on SQLite', () => {
  const dirs: string[] = []
  const closing: (() => Promise<unknown>)[] = []
  afterEach(async () => {
    for (const close of closing.splice(0).reverse()) await close()
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
  })
  const fileIn = () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-archive-'))
    dirs.push(dir)
    return join(dir, 'parley.db')
  }
  const open = (file = fileIn(), options: Parameters<typeof openSqliteStore>[1] = {}) => {
    const store = openSqliteStore(file, options)
    closing.push(() => store.close())
    return store
  }
  const chat = (store: SqliteStore, i: number, title = `Chat ${i}`, first = 'Hello'): Promise<unknown>[] => [
    store.createVisitor({ id: `v${i}`, tokenHash: `h${i}`, verified: 0, createdAt: i }),
    store.createChat(
      { id: `c${i}`, visitorId: `v${i}`, status: 'waiting', title, createdAt: 1000 + i, firstText: first, tags: [], visitor: {} },
      { id: `c${i}-0`, from: 'customer', parts: text(first), at: 1000 + i }
    )
  ]
  /** Every page of a query, following `next` to the end. */
  const allPages = async (page: (cursor?: string) => Promise<ArchivePageRecord>) => {
    const pages: ArchivePageRecord[] = []
    let cursor: string | undefined
    do {
      const p = await page(cursor)
      pages.push(p)
      cursor = p.next
    } while (cursor && pages.length < 100)
    return pages
  }

  it('finds a message as soon as its append has resolved (the index lags nothing), and not once its chat is erased', async () => {
    // Time is not what this is about: a limit no search here comes near.
    const store = open(fileIn(), { searchTimeoutMs: 60_000 })
    await Promise.all(Array.from({ length: 8 }, (_, i) => chat(store, i)).flat())
    // Appends from eight chats at once; each one searched for the moment its promise resolves.
    const found = await Promise.all(
      Array.from({ length: 40 }, async (_, n) => {
        const chatId = `c${n % 8}`
        await store.appendMessage(chatId, { id: `m${n}`, from: n % 2 ? 'agent' : 'customer', parts: text(`about zebra${n}q and more`), at: 2000 + n })
        const { hits } = await store.searchArchive!(`zebra${n}q`, { limit: 5 })
        return hits.map((h) => h.chatId).join() === chatId && hits[0]!.snippet.includes(hl(`zebra${n}q`))
      })
    )
    expect(found.every(Boolean)).toBe(true)
    expect(await store.eraseCustomer({ tokenHash: 'h3' })).toEqual({ chats: 1, visitors: 1 })
    expect((await store.searchArchive!('zebra3q', { limit: 5 })).hits).toEqual([])
    expect((await store.searchArchive!('zebra4q', { limit: 5 })).hits.map((h) => h.chatId)).toEqual(['c4'])
  })

  it('pages through every hit exactly once, newest chat first, message and title hits merged', async () => {
    const store = open()
    const n = 90
    await bulkLoad(n, 30, (i) => {
      const writes = chat(store, i, i % 5 === 0 ? `Kiwi order ${i}` : `Chat ${i}`)
      // Every third chat mentions kiwis, some of them many times (adjacent hits of one chat).
      if (i % 3 === 0)
        for (let k = 0; k < 1 + (i % 4) * 3; k++)
          writes.push(store.appendMessage(`c${i}`, { id: `c${i}-k${k}`, from: 'customer', parts: text(`kiwis ${k}`), at: 3000 + k }))
      else writes.push(store.appendMessage(`c${i}`, { id: `c${i}-x`, from: 'agent', parts: text('no fruit here'), at: 3000 }))
      return writes
    })
    const expected = Array.from({ length: n }, (_, i) => n - 1 - i)
      .filter((i) => i % 3 === 0 || i % 5 === 0)
      .map((i) => `c${i}`)
    for (const limit of [1, 7, 50]) {
      const pages = await allPages((cursor) => store.searchArchive!('kiwi', { limit, ...(cursor ? { cursor } : {}) }))
      expect(pages.every((p) => p.hits.length <= limit && !p.timedOut)).toBe(true)
      expect(pages.flatMap((p) => p.hits.map((h) => h.chatId))).toEqual(expected)
      expect(pages.at(-1)!.next).toBeUndefined()
    }
    // Each hit highlights what it matched: a message of the chat, or its title.
    const [first] = (await store.searchArchive!('kiwi', { limit: 2 })).hits
    expect(first).toEqual({ chatId: 'c87', snippet: `${hl('kiwis')} 9` })
    const titled = (await store.searchArchive!('kiwi order', { limit: 1 })).hits
    expect(titled).toEqual([{ chatId: 'c85', snippet: `${hl('Kiwi')} ${hl('order')} 85` }])
  })

  it('pages through the latest ended chats, ties in end time included, each once', async () => {
    const store = open()
    await bulkLoad(40, 40, (i) => [...chat(store, i, `Chat ${i}`, `first words ${i}`), store.endChat(`c${i}`, 9000 + Math.floor(i / 4))])
    // Still open: never listed.
    await Promise.all(chat(store, 99))
    const pages = await allPages((cursor) => store.recentArchive!({ limit: 6, ...(cursor ? { cursor } : {}) }))
    const ids = pages.flatMap((p) => p.hits.map((h) => h.chatId))
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => `c${39 - i}`))
    expect(pages[0]!.hits[0]).toEqual({ chatId: 'c39', snippet: 'first words 39' })
    expect((await store.recentChats(3)).map((c) => c.id)).toEqual(['c39', 'c38', 'c37'])
  })

  it('refuses a cursor it did not hand out', async () => {
    const store = open()
    await expect(store.searchArchive!('kiwi', { limit: 5, cursor: '12.5' })).rejects.toThrow(/cursor/)
    await expect(store.recentArchive!({ limit: 5, cursor: '12' })).rejects.toThrow(/cursor/)
  })

  describe('over HTTP', () => {
    let relay: TestRelay
    afterEach(async () => {
      await relay?.close()
    })

    /** A relay on `file`, with an agent online and a customer whose chat that agent has accepted. */
    const relayWithChat = async (file: string, searchTimeoutMs: number) => {
      const store = openSqliteStore(file, { searchTimeoutMs })
      relay = await startTestRelay({ searchTimeoutMs, maxFramesPerSecond: 1000 }, { store })
      const creds = await relay.agent('Alice')
      const { client: agent } = await relay.agentSocket(creds.cookie)
      agent.send({ type: 'status', on: true })
      await agent.next('me', (f) => f.me.on)
      const { client: customer } = await relay.customerSocket()
      customer.send({ type: 'start', id: 'start', parts: text('Hello') })
      const chatId = (await customer.next('started')).chat.id as string
      await customer.next('ack')
      agent.send({ type: 'accept', chatId })
      await customer.next('chat', (f) => f.chat.status === 'active')
      const archive = async (query: string) => {
        const res = await fetch(`${relay.url}/api/archive?${query}`, { headers: { cookie: creds.cookie } })
        return { status: res.status, body: (await res.json()) as { hits: { chat: { id: string }; snippet: string }[]; next?: string; timedOut?: boolean } }
      }
      return { agent, customer, chatId, archive }
    }

    it('pages with the cursor the last page handed out, and refuses one it did not', async () => {
      const file = fileIn()
      const store = openSqliteStore(file)
      await bulkLoad(12, 12, (i) => [...chat(store, i, `Chat ${i}`, `a question about plums ${i}`), store.endChat(`c${i}`, 5000 + i)])
      await store.close()
      const { archive } = await relayWithChat(file, 1000)
      const seen: string[] = []
      let page = await archive('q=plums&limit=5')
      for (;;) {
        expect(page.status).toBe(200)
        seen.push(...page.body.hits.map((h) => h.chat.id))
        if (!page.body.next) break
        page = await archive(`q=plums&limit=5&cursor=${page.body.next}`)
      }
      expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `c${11 - i}`))
      // Without words: the chats ended last, a page at a time.
      const recent = await archive('limit=10')
      expect(recent.body.hits.map((h) => h.chat.id)).toEqual(Array.from({ length: 10 }, (_, i) => `c${11 - i}`))
      expect((await archive(`limit=10&cursor=${recent.body.next}`)).body.hits.map((h) => h.chat.id)).toEqual(['c1', 'c0'])
      expect((await archive('q=plums&cursor=12.5')).status).toBe(400)
      expect((await archive('q=plums&cursor=' + encodeURIComponent('1;DROP'))).status).toBe(400)
    })

    it('answers a search that would take seconds with "timed out" within its limit, while a customer’s messages keep flowing', async () => {
      // A big archive, built fast (bulkLoad): log pastes full of distinct order codes. "cod" is a
      // prefix of 4,000,000 different words: too many to expand, so FTS5 merges all their postings
      // before the first row (seconds) — inside one SQLite step, which only ending the thread stops.
      const file = fileIn()
      const store = openSqliteStore(file, { searchTimeoutMs: 60_000 })
      let k = 0
      const code = () => 'cod' + (Math.imul(k++, 2654435761) >>> 0).toString(36)
      await bulkLoad(100, 10, (i) => [
        ...chat(store, i),
        ...Array.from({ length: 20 }, (_, m) =>
          store.appendMessage(`c${i}`, { id: `c${i}-${m}`, from: 'customer', parts: text(Array.from({ length: 2000 }, code).join(' ')), at: 2000 + m })
        )
      ])
      // Without a limit that worth of work does finish, with hits (how long it took is only logged).
      const t = performance.now()
      const unlimited = await store.searchArchive!('cod', { limit: 10 })
      console.log(`"cod" over ${k} codes without a time limit: ${Math.round(performance.now() - t)} ms`)
      expect(unlimited.timedOut).toBeUndefined()
      expect(unlimited.hits).toHaveLength(10)
      await store.close()

      const { agent, customer, chatId, archive } = await relayWithChat(file, 250)
      let answered = false
      const search = archive('q=cod').finally(() => (answered = true))
      // Meanwhile, round trips customer → agent → customer, each acknowledged after its commit.
      const deliveredWhileSearching: boolean[] = []
      for (let i = 0; i < 3; i++) {
        customer.send({ type: 'send', id: `during-${i}`, parts: text(`still there? ${i}`) })
        await agent.next('message', (f) => f.message.id === `during-${i}`)
        agent.send({ type: 'send', chatId, id: `reply-${i}`, parts: text('yes') })
        await customer.next('message', (f) => f.message.id === `reply-${i}`)
        deliveredWhileSearching.push(!answered)
      }
      const { status, body } = await search
      expect(status).toBe(200)
      expect(body).toEqual({ hits: [], timedOut: true })
      // Delivered before the search answered: the relay did not wait for it.
      expect(deliveredWhileSearching[0]).toBe(true)
      // A new worker takes the next query; a narrower search finds its chats (asked again should a
      // busy machine make even that one run out of time).
      const word = unlimited.hits[0]!.snippet.split(HIGHLIGHT.start)[1]!.split(HIGHLIGHT.end)[0]!
      let narrower = await archive(`q=${word}`)
      for (let i = 0; i < 5 && narrower.body.timedOut; i++) narrower = await archive(`q=${word}`)
      expect(narrower.body.timedOut).toBeUndefined()
      expect(narrower.body.hits.map((h) => h.chat.id)).toContain(unlimited.hits[0]!.chatId)
    }, 120_000)
  })
})
