// Reports: chats with known timings, built through a hub with a hand-moved clock on the relay's own
// SQLite file, then read back through GET /api/reports (worker thread, SQL) — every figure checked.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Report } from '../../protocol/index.js'
import { createMemoryBus } from '../../relay/bus/memory-bus.js'
import { createHub, type Hub } from '../../relay/hub/hub.js'
import { resolvePeriod } from '../../relay/reports/period.js'
import { createOnlineLog } from '../../relay/reports/online-log.js'
import { openSqliteStore } from '../../relay/store/sqlite-store.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const text = (t: string) => [{ type: 'text' as const, text: t }]
const S = 1000
const MIN = 60 * S
const H = 60 * MIN

describe('reports', () => {
  let relay: TestRelay
  let hub: Hub
  let clock = 0
  let admin: string
  let bobCookie: string
  const ids: Record<string, string> = {}
  let n = 0

  /** Starts a chat at `at` (a new visitor each time). */
  const start = async (at: number) => {
    clock = at
    return (await hub.startChat({ id: 'c' + n++, parts: text('hello'), visitor: {} })).chat.id
  }
  const at = <T>(t: number, f: () => Promise<T>) => {
    clock = t
    return f()
  }
  const get = async (query: string, cookie = admin) => {
    const res = await fetch(relay.url + '/api/reports?' + query, { headers: { cookie } })
    return { status: res.status, body: (await res.json()) as { report: Report; code?: string; message?: string } }
  }

  beforeAll(async () => {
    relay = await startTestRelay()
    admin = (await relay.agent('Ada', { role: 'admin' })).cookie
    const store = relay.app.parley.store
    hub = createHub({ store, bus: createMemoryBus(), config: relay.config, now: () => clock, pick: (xs) => xs[0]! })
    await hub.init()
    bobCookie = (await relay.agent('Bob')).cookie
    await relay.agent('Alice')
    for (const a of await store.listAgents()) ids[a.displayName] = a.id
    // Alice greets automatically: the greeting must not count as her first response.
    await store.updateAgent(ids.Alice!, { greetings: ['Hi, I am Alice'] })
    for (const name of ['Alice', 'Bob']) {
      hub.agentConnected(ids[name]!)
      await hub.setStatus(ids[name]!, true)
    }

    // Monday 2 March 2026 (UTC, the zone while the site has none).
    const T0 = Date.UTC(2026, 2, 2, 9, 0)
    // A: answered by Alice after 60 s, her reply at 90 s, the customer ends at 10 min.
    const a = await start(T0)
    await at(T0 + 60 * S, () => hub.accept(ids.Alice!, a))
    await at(T0 + 90 * S, () => hub.agentSend(ids.Alice!, a, { id: 'a1', parts: text('How can I help?') }))
    await at(T0 + 10 * MIN, () => hub.customerEnd(a))
    // B: Bob answers after 2 min, replies at 5 min and ends it at 20 min.
    const b = await start(T0 + H)
    await at(T0 + H + 2 * MIN, () => hub.accept(ids.Bob!, b))
    await at(T0 + H + 5 * MIN, () => hub.agentSend(ids.Bob!, b, { id: 'b1', parts: text('Hello') }))
    await at(T0 + H + 20 * MIN, () => hub.agentEnd(ids.Bob!, b))
    // C: the visitor leaves after 30 s, nobody answered.
    const c = await start(T0 + 2 * H)
    await at(T0 + 2 * H + 30 * S, () => hub.customerEnd(c))
    // D: Alice answers after 30 s, puts it back in the queue at 100 s, the visitor leaves at 400 s.
    const d = await start(T0 + 3 * H)
    await at(T0 + 3 * H + 30 * S, () => hub.accept(ids.Alice!, d))
    await at(T0 + 3 * H + 100 * S, () => hub.transfer(ids.Alice!, d))
    await at(T0 + 3 * H + 400 * S, () => hub.customerEnd(d))
    // E: Tuesday 09:30, still waiting.
    await start(Date.UTC(2026, 2, 3, 9, 30))

    // Alice online 08:00–13:00, Bob 09:00–13:00 and again from Tuesday 09:00 (still online).
    const log = createOnlineLog(join(relay.dataDir, 'parley.db'), () => clock)
    await at(T0 - H, async () => log.update([ids.Alice!]))
    await at(T0, async () => log.update([ids.Alice!, ids.Bob!]))
    await at(T0 + 4 * H, async () => log.update([]))
    await at(Date.UTC(2026, 2, 3, 9, 0), async () => log.update([ids.Bob!]))
    // Leave Bob's stretch open, as if the relay were still running (close() would end it).
  }, 60_000)
  afterAll(async () => {
    hub.close()
    await relay.close()
  })

  it('counts started, answered, missed and ended chats of the period', async () => {
    const { status, body } = await get('period=custom&from=2026-03-02&to=2026-03-03')
    expect(status).toBe(200)
    const r = body.report
    expect(r).toMatchObject({ period: 'custom', from: '2026-03-02', to: '2026-03-03', timeZone: 'UTC' })
    // D was answered once and then missed: it counts as both.
    expect(r.totals).toEqual({ started: 5, answered: 3, missed: 2, ended: 4 })
  })

  it('gives median and 90th percentile of waiting, first response and duration', async () => {
    const r = (await get('period=custom&from=2026-03-02&to=2026-03-03')).body.report
    // waits 30, 60, 120 s: p90 interpolates 60 + 0.8 × 60
    expect(r.waitMs).toEqual({ median: 60 * S, p90: 108 * S, count: 3 })
    // first replies 90 s (Alice, the greeting not counted) and 300 s (Bob); D never got one
    expect(r.firstResponseMs).toEqual({ median: 195 * S, p90: 279 * S, count: 2 })
    // joined → end: A 540 s, B 1080 s (D ended in the queue)
    expect(r.durationMs).toEqual({ median: 810 * S, p90: 1026 * S, count: 2 })
  })

  it('splits the period into local days and a weekday × hour heat map', async () => {
    const r = (await get('period=custom&from=2026-03-02&to=2026-03-03')).body.report
    expect(r.days).toEqual([
      { date: '2026-03-02', started: 4, answered: 3, missed: 2, ended: 4, medianWaitMs: 60 * S },
      { date: '2026-03-03', started: 1, answered: 0, missed: 0, ended: 0, medianWaitMs: null }
    ])
    const cells = r.heatmap.flatMap((hours, day) => hours.flatMap((count, hour) => (count ? [[day, hour, count]] : [])))
    // Monday 9–12 one each, Tuesday 9 one
    expect(cells).toEqual([
      [0, 9, 1],
      [0, 10, 1],
      [0, 11, 1],
      [0, 12, 1],
      [1, 9, 1]
    ])
  })

  it('shows each agent’s chats, time online and median first response', async () => {
    clock = Date.UTC(2026, 2, 3, 9, 30)
    const r = (await get('period=custom&from=2026-03-02&to=2026-03-03')).body.report
    const alice = r.agents.find((a) => a.name === 'Alice')
    const bob = r.agents.find((a) => a.name === 'Bob')
    expect(alice).toEqual({ id: ids.Alice, name: 'Alice', chats: 1, onlineMs: 5 * H, medianFirstResponseMs: 90 * S })
    // Bob's open stretch counts until the real now, capped at the end of the period (Tuesday midnight).
    expect(bob).toEqual({ id: ids.Bob, name: 'Bob', chats: 1, onlineMs: 4 * H + 15 * H, medianFirstResponseMs: 300 * S })
    // Most chats first, then most time online; Ada had no chat and was never online: not listed.
    expect(r.agents.map((a) => a.name)).toEqual(['Bob', 'Alice'])
    expect(r.ratings).toBeNull()
  })

  it('shows an agent only their own chats', async () => {
    const { status, body } = await get('period=custom&from=2026-03-02&to=2026-03-03', bobCookie)
    expect(status).toBe(200)
    expect(body.report.agentId).toBe(ids.Bob)
    expect(body.report.totals).toEqual({ started: 1, answered: 1, missed: 0, ended: 1 })
    expect(body.report.agents.map((a) => a.name)).toEqual(['Bob'])
    const other = await get(`period=custom&from=2026-03-02&to=2026-03-03&agent=${ids.Alice}`, bobCookie)
    expect(other.status).toBe(403)
  })

  it('lets an admin narrow the report to one agent', async () => {
    const r = (await get(`period=custom&from=2026-03-02&to=2026-03-03&agent=${ids.Alice}`)).body.report
    expect(r.totals).toEqual({ started: 1, answered: 1, missed: 0, ended: 1 })
  })

  it('refuses bad periods with a message that says what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['period=week', /period must be one of today, 7d, 30d, custom/],
      ['period=custom&to=2026-03-03', /from must be a date written YYYY-MM-DD/],
      ['period=custom&from=2026-02-30&to=2026-03-03', /from must be a date.*2026-02-30/],
      ['period=custom&from=2026-03-05&to=2026-03-03', /must not be after/],
      ['period=custom&from=2025-01-01&to=2026-03-03', /at most 366 days, this one spans 427/],
      ['period=7d&from=2026-03-01', /only with period=custom/]
    ]
    for (const [q, message] of cases) {
      const { status, body } = await get(q)
      expect(status, q).toBe(400)
      expect(body.message, q).toMatch(message)
    }
    expect((await fetch(relay.url + '/api/reports?period=7d')).status).toBe(401)
  })

  it('answers today, 7 and 30 days ending today', async () => {
    for (const [period, days] of [
      ['today', 1],
      ['7d', 7],
      ['30d', 30]
    ] as const) {
      const { status, body } = await get('period=' + period)
      expect(status).toBe(200)
      expect(body.report.days).toHaveLength(days)
      expect(body.report.to).toBe(new Date().toISOString().slice(0, 10))
    }
  })
  it('shows ratings once the store has them (the rating column of issue 12’s ratings)', async () => {
    const db = new Database(join(relay.dataDir, 'parley.db'))
    // The column is the store's own now (migration 9); the ratings are written as the relay writes them.
    const [a, b] = (db.prepare("SELECT id FROM chats WHERE status = 'ended' AND agent_id IS NOT NULL ORDER BY created_at").all() as { id: string }[]).map(
      (r) => r.id
    )
    db.prepare("UPDATE chats SET rating = 'good' WHERE id = ?").run(a)
    db.prepare("UPDATE chats SET rating = 'bad' WHERE id = ?").run(b)
    db.close()
    const r = (await get('period=custom&from=2026-03-02&to=2026-03-03')).body.report
    expect(r.ratings).toEqual({ good: 1, bad: 1 })
  })
})

describe('reports in the site’s time zone', () => {
  let relay: TestRelay
  let hub: Hub
  let clock = 0
  let admin: string
  let n = 0
  const start = async (at: number) => {
    clock = at
    return (await hub.startChat({ id: 'z' + n++, parts: text('hello'), visitor: {} })).chat.id
  }

  beforeAll(async () => {
    relay = await startTestRelay()
    admin = (await relay.agent('Ada', { role: 'admin' })).cookie
    const store = relay.app.parley.store
    hub = createHub({ store, bus: createMemoryBus(), config: relay.config, now: () => clock })
    await hub.init()
    const id = (await store.listAgents())[0]!.id
    hub.agentConnected(id)
    await hub.setStatus(id, true)
    // The admin sets the site's zone; one Intl does not know is refused.
    const put = (timeZone: string) =>
      fetch(relay.url + '/api/site', {
        method: 'PUT',
        headers: { cookie: admin, 'content-type': 'application/json' },
        body: JSON.stringify({ allowedOrigins: [], widgetTitle: 'Chat with us', widgetColor: '#0b5fff', greeting: '', timeZone })
      })
    const bad = await put('Mars/Olympus_Mons')
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { message: string }).message).toMatch(/"Mars\/Olympus_Mons" is not a time zone/)
    expect((await put('Europe/Berlin')).status).toBe(200)
    // Berlin springs forward on Sunday 29 March 2026 at 02:00 (UTC+1 → UTC+2)…
    await start(Date.UTC(2026, 2, 28, 22, 59)) // Sat 23:59 local
    await start(Date.UTC(2026, 2, 28, 23, 30)) // Sun 00:30
    await start(Date.UTC(2026, 2, 29, 1, 30)) // Sun 03:30 (the clock skipped 02:00–03:00)
    await start(Date.UTC(2026, 2, 29, 22, 30)) // Mon 00:30 — still Sunday in UTC
    // …and falls back on Sunday 25 October at 03:00 (UTC+2 → UTC+1): 02:30 happens twice.
    await start(Date.UTC(2026, 9, 25, 0, 30)) // Sun 02:30 CEST
    await start(Date.UTC(2026, 9, 25, 1, 30)) // Sun 02:30 CET
  }, 60_000)
  afterAll(async () => {
    hub.close()
    await relay.close()
  })

  it('buckets days and hours by local time across the spring change', async () => {
    const res = await fetch(relay.url + '/api/reports?period=custom&from=2026-03-28&to=2026-03-30', { headers: { cookie: admin } })
    const r = ((await res.json()) as { report: Report }).report
    expect(r.timeZone).toBe('Europe/Berlin')
    expect(r.days.map((d) => [d.date, d.started])).toEqual([
      ['2026-03-28', 1],
      ['2026-03-29', 2],
      ['2026-03-30', 1]
    ])
    const cells = r.heatmap.flatMap((hours, day) => hours.flatMap((count, hour) => (count ? [[day, hour, count]] : [])))
    // Monday 00 (the UTC Sunday evening chat), Saturday 23, Sunday 00 and 03
    expect(cells).toEqual([
      [0, 0, 1],
      [5, 23, 1],
      [6, 0, 1],
      [6, 3, 1]
    ])
  })

  it('counts the repeated hour of the autumn change twice', async () => {
    const res = await fetch(relay.url + '/api/reports?period=custom&from=2026-10-25&to=2026-10-25', { headers: { cookie: admin } })
    const r = ((await res.json()) as { report: Report }).report
    expect(r.days).toEqual([{ date: '2026-10-25', started: 2, answered: 0, missed: 0, ended: 0, medianWaitMs: null }])
    expect(r.heatmap[6]![2]).toBe(2)
  })

  it('has days of 23 and 25 hours where the clocks change', () => {
    const spring = resolvePeriod({ period: 'custom', from: '2026-03-29', to: '2026-03-29' }, 'Europe/Berlin', 0).dayStarts
    const autumn = resolvePeriod({ period: 'custom', from: '2026-10-25', to: '2026-10-25' }, 'Europe/Berlin', 0).dayStarts
    expect(spring).toEqual([Date.UTC(2026, 2, 28, 23), Date.UTC(2026, 2, 29, 22)])
    expect(autumn).toEqual([Date.UTC(2026, 9, 24, 22), Date.UTC(2026, 9, 25, 23)])
  })

  it('ends today at local midnight in the site’s zone', () => {
    // 23:30 UTC on 1 June is already 2 June in Berlin
    const span = resolvePeriod({ period: 'today' }, 'Europe/Berlin', Date.UTC(2026, 5, 1, 23, 30))
    expect(span.dates).toEqual(['2026-06-02'])
    expect(span.dayStarts).toEqual([Date.UTC(2026, 5, 1, 22), Date.UTC(2026, 5, 2, 22)])
  })
})

describe('time online', () => {
  it('is recorded while an agent has chat on and a console open', async () => {
    const relay = await startTestRelay()
    try {
      const ben = await relay.agent('Ben')
      const id = (await relay.app.parley.store.getAgentByEmail(ben.email))!.id
      const db = new Database(join(relay.dataDir, 'parley.db'), { readonly: true })
      const spans = () => db.prepare('SELECT started_at AS s, ended_at AS e FROM agent_online WHERE agent_id = ?').all(id) as { s: number; e: number | null }[]
      const { client } = await relay.agentSocket(ben.cookie)
      expect(spans()).toEqual([])
      client.send({ type: 'status', on: true })
      await expect.poll(() => spans().map((r) => r.e)).toEqual([null])
      client.send({ type: 'status', on: false })
      await expect.poll(() => spans().every((r) => r.e !== null && r.e >= r.s)).toBe(true)
      expect(spans()).toHaveLength(1)
      db.close()
    } finally {
      await relay.close()
    }
  }, 60_000)
})

describe('reports on another store', () => {
  it('answers 503 when the relay does not run on its SQLite file', async () => {
    const relay = await startTestRelay({}, { store: openSqliteStore(':memory:') })
    try {
      const { cookie } = await relay.agent('Ada', { role: 'admin' })
      const res = await fetch(relay.url + '/api/reports?period=7d', { headers: { cookie } })
      expect(res.status).toBe(503)
      expect(((await res.json()) as { message: string }).message).toBe('Reports need the SQLite store')
    } finally {
      await relay.close()
    }
  }, 60_000)
})
