// The load scenarios of `npm run bench:relay`, run the same way against the relay and the
// reference forwarder: 200 chats (customer → agent) in a closed loop and at a fixed offered rate,
// and many idle customer sockets for the memory each one costs.
import { PROTOCOL_VERSION } from '../protocol/index.js'
import { accept, connect, readyAgent, readyCustomer, startChat, type Peer } from './relay-clients.js'
import type { Server } from './relay-procs.js'
import { percentile } from './relay-stats.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Customers with an answered chat each, spread over the agents. */
export interface Rig {
  customers: Peer[]
  agents: Peer[]
  /** called with a customer message's client id when an agent receives it */
  delivered: ((id: string, at: number) => void) | undefined
  /** called with a client id when its customer hears the ack */
  acked: ((id: string, at: number) => void) | undefined
  close(): void
}

/** Runs `fn` over `items` with at most `width` at once. */
export const inBatches = async <T, R>(items: readonly T[], width: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> => {
  const out: R[] = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i]!, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker))
  return out
}

/** How a rig opens its sockets: by default straight to the server; a cluster bench pins them to nodes. */
export interface Openers {
  customer(): Promise<Peer>
  agent(cookie: string | undefined): Promise<Peer>
}

/** Connects agents (one per cookie), then `chats` customers who each start a chat that agent i % agents answers. */
export const buildRig = async (
  server: Server,
  cookies: (string | undefined)[],
  chats: number,
  open: Openers = { customer: () => readyCustomer(server), agent: (c) => readyAgent(server, c) }
): Promise<Rig> => {
  const agents = await Promise.all(cookies.map((c) => open.agent(c)))
  const rig: Rig = {
    customers: [],
    agents,
    delivered: undefined,
    acked: undefined,
    close() {
      for (const p of [...rig.customers, ...agents]) p.close()
    }
  }
  for (const a of agents)
    a.onFrame = (f) => {
      if (f.type === 'message' && f.message.from === 'customer') rig.delivered?.(f.message.id, performance.now())
    }
  const chatIds = await inBatches(
    Array.from({ length: chats }, (_, i) => i),
    20,
    async (i) => {
      const c = await open.customer()
      c.onFrame = (f) => {
        if (f.type === 'ack') rig.acked?.(f.id, performance.now())
      }
      rig.customers[i] = c
      return startChat(c, `start-${i}`)
    }
  )
  await Promise.all(
    agents.map(async (a, k) => {
      for (let i = k; i < chatIds.length; i += agents.length) await accept(a, chatIds[i]!)
    })
  )
  return rig
}

/** Closed-loop figures: messages per second and delivery latency (send → agent), ms. */
export interface ClosedLoop {
  rate: number
  p50: number
  p99: number
  messages: number
}

/**
 * Every customer sends a message, waits until it is both acknowledged (committed) and received by
 * its agent, and sends the next, for `seconds`. Latency is from the send to the agent's receipt.
 */
export const closedLoop = async (rig: Rig, seconds: number, tag: string): Promise<ClosedLoop> => {
  const latencies: number[] = []
  const state = rig.customers.map(() => ({ id: '', sentAt: 0, acked: false, delivered: 0 }))
  const owner = new Map<string, number>()
  let running = true
  let inFlight = 0
  let n = 0
  const sendNext = (i: number) => {
    const s = state[i]!
    s.id = `${tag}-${n++}`
    s.sentAt = performance.now()
    s.acked = false
    s.delivered = 0
    owner.set(s.id, i)
    inFlight++
    rig.customers[i]!.send({ type: 'send', id: s.id, parts: [{ type: 'text', text: 'Where is my parcel? It was due yesterday.' }] })
  }
  const maybeDone = (i: number) => {
    const s = state[i]!
    if (!s.acked || !s.delivered) return
    owner.delete(s.id)
    inFlight--
    if (!running) return
    latencies.push(s.delivered - s.sentAt)
    sendNext(i)
  }
  rig.acked = (id) => {
    const i = owner.get(id)
    if (i === undefined) return
    state[i]!.acked = true
    maybeDone(i)
  }
  rig.delivered = (id, at) => {
    const i = owner.get(id)
    if (i === undefined) return
    state[i]!.delivered = at
    maybeDone(i)
  }
  const start = performance.now()
  for (let i = 0; i < rig.customers.length; i++) sendNext(i)
  await sleep(seconds * 1000)
  running = false
  const elapsed = (performance.now() - start) / 1000
  const end = performance.now() + 10_000
  while (inFlight > 0 && performance.now() < end) await sleep(20)
  rig.acked = rig.delivered = undefined
  return { rate: latencies.length / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), messages: latencies.length }
}

/** Open-loop figures: delivery latency from the message's scheduled send time, ms; and what arrived. */
export interface OpenLoop {
  offered: number
  p50: number
  p99: number
  p999: number
  /** messages received by agents per second of the window */
  deliveredRate: number
  /** messages not received by an agent 5 s after the window ended */
  missing: number
  /** every latency, ms (Infinity for the missing) */
  latencies: number[]
}

/**
 * Offers `rate` messages per second for `seconds`, round-robin over the customers, each on a fixed
 * schedule whatever the server does (no coordinated omission: latency counts from the scheduled
 * time). A message not delivered by 5 s after the window counts as infinitely late.
 */
export const openLoop = async (rig: Rig, rate: number, seconds: number, tag: string): Promise<OpenLoop> => {
  const total = Math.round(rate * seconds)
  const scheduled = new Map<string, number>()
  const latencies: number[] = []
  let deliveredInWindow = 0
  const start = performance.now()
  const windowEnd = start + seconds * 1000
  rig.delivered = (id, at) => {
    const t = scheduled.get(id)
    if (t === undefined) return
    scheduled.delete(id)
    latencies.push(at - t)
    if (at <= windowEnd) deliveredInWindow++
  }
  let sent = 0
  await new Promise<void>((done) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000))
      for (; sent < due; sent++) {
        const id = `${tag}-${sent}`
        scheduled.set(id, start + (sent * 1000) / rate)
        rig.customers[sent % rig.customers.length]!.send({ type: 'send', id, parts: [{ type: 'text', text: 'Where is my parcel? It was due yesterday.' }] })
      }
      if (sent >= total) {
        clearInterval(timer)
        done()
      }
    }, 1)
  })
  const grace = performance.now() + 5000
  while (scheduled.size > 0 && performance.now() < grace) await sleep(20)
  const missing = scheduled.size
  rig.delivered = undefined
  const all = [...latencies, ...Array<number>(missing).fill(Infinity)]
  return {
    offered: rate,
    p50: percentile(all, 50),
    p99: percentile(all, 99),
    p999: percentile(all, 99.9),
    deliveredRate: deliveredInWindow / seconds,
    missing,
    latencies: all
  }
}

/** Memory one idle customer socket costs a server: resident and heap, bytes per socket. */
export interface IdleCost {
  /** sockets open when the memory was read */
  sockets: number
  /** sockets that had to be opened again (dropped before their welcome) */
  retries: number
  /** how long opening all of them took (100 at a time), ms */
  openMs: number
  rssPerSocket: number
  heapPerSocket: number
}

/**
 * Opens `n` customer sockets that each say hello and then stay idle, spread over the loopback
 * source addresses `from` (ephemeral ports and per-IP limits), and measures the server's memory
 * after two full GCs before and after. `snapshot`, when given, names heap snapshot files to write
 * at both points (see bench/relay-heap.ts).
 */
export const idleSockets = async (server: Server, n: number, from: readonly string[], snapshot?: (when: 'before' | 'after') => string): Promise<IdleCost> => {
  let retries = 0
  const hello = async (i: number): Promise<Peer> => {
    for (let attempt = 0; ; attempt++) {
      const c = await connect(server, '/ws/customer', { localAddress: from[i % from.length]! })
      const welcome = c.next((f) => f.type === 'welcome', 'welcome')
      c.send({ type: 'hello', v: PROTOCOL_VERSION })
      try {
        await welcome
        return c
      } catch (e) {
        // A bench process starved of CPU can miss a heartbeat while it opens thousands of
        // sockets; the relay then rightly drops the socket. Open it again (counted, printed).
        c.close()
        if (attempt >= 3) throw e
        retries++
      }
    }
  }
  // Warm up first, so code compiled on the first sockets is not counted as theirs.
  const warm = await inBatches(
    Array.from({ length: 50 }, (_, i) => i),
    25,
    (i) => hello(i)
  )
  for (const c of warm) c.close()
  await sleep(500)
  const before = await server.memory()
  if (snapshot) await server.heapSnapshot(snapshot('before'))
  const t0 = performance.now()
  const peers = await inBatches(
    Array.from({ length: n }, (_, i) => i),
    100,
    (i) => hello(i)
  )
  const openMs = performance.now() - t0
  await sleep(1000)
  const after = await server.memory()
  // A socket the server dropped since its welcome (a missed heartbeat on a starved machine) costs
  // nothing any more: divide by the sockets still open when the memory was read.
  const open = peers.filter((p) => p.ws.readyState === p.ws.OPEN).length
  if (snapshot) await server.heapSnapshot(snapshot('after'))
  for (const p of peers) p.close()
  return { sockets: open, rssPerSocket: (after.rss - before.rss) / open, heapPerSocket: (after.heapUsed - before.heapUsed) / open, retries, openMs }
}
