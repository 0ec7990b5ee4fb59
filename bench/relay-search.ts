// The search scenario of `npm run bench:relay`: archive searches through the console's own API
// (GET /api/archive) on the big archive, one after another, while 20 chats deliver at a steady
// rate; and the same delivery without searches, to see whether searching stalls the relay.
import { ARCHIVE_QUERIES } from './relay-archive.js'
import { buildRig, openLoop, type Rig } from './relay-load.js'
import type { Server } from './relay-procs.js'
import { percentile } from './relay-stats.js'

/** Search latencies and delivery p99 with and without searches running, ms. */
export interface SearchCost {
  searches: number
  p50: number
  p95: number
  max: number
  /** hits of each query (the first time it ran) */
  hits: Record<string, number>
  deliveryP99Quiet: number
  deliveryP99Searching: number
}

/** Delivery rate beside the searches, messages per second over 20 chats. */
const RATE = 200

export const searchScenario = async (server: Server, cookies: string[], searches: number, seconds: number): Promise<SearchCost> => {
  const rig: Rig = await buildRig(server, cookies, 20)
  const quiet = await openLoop(rig, RATE, seconds, 'quiet')
  const latencies: number[] = []
  const hits: Record<string, number> = {}
  let finished = false
  const searching = (async () => {
    for (let i = 0; i < searches; i++) {
      const q = ARCHIVE_QUERIES[i % ARCHIVE_QUERIES.length]!
      const t = performance.now()
      const res = await fetch(`${server.url}/api/archive?q=${encodeURIComponent(q)}&limit=50`, { headers: { cookie: cookies[0]! } })
      const body = (await res.json()) as { hits?: unknown[] }
      latencies.push(performance.now() - t)
      if (res.status !== 200) throw new Error(`search "${q}" answered ${res.status}: ${JSON.stringify(body)}`)
      hits[q] ??= body.hits?.length ?? 0
    }
  })().finally(() => (finished = true))
  // Delivery is measured in windows of `seconds` for as long as searches run (at least one window).
  const during: number[] = []
  let k = 0
  do during.push(...(await openLoop(rig, RATE, seconds, `busy${k++}`)).latencies)
  while (!finished)
  await searching
  rig.close()
  return {
    searches,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    hits,
    deliveryP99Quiet: percentile(quiet.latencies, 99),
    deliveryP99Searching: percentile(during, 99)
  }
}
