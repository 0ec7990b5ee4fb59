// The panel scenario of `npm run bench:relay`: what one new chat costs each of 10 agents (bytes
// of every frame they receive for it, whatever the protocol's shape: snapshot or delta) and how
// long until all of them know of it, with 0, 200 and 1,000 customers already waiting; and how many
// frames the waiting customers receive meanwhile.
import { readyAgent, readyCustomer, startChat, type Peer } from './relay-clients.js'
import { inBatches } from './relay-load.js'
import type { Server } from './relay-procs.js'
import { median } from './relay-stats.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The cost of one new chat with `waiting` customers in the queue (medians over the samples). */
export interface PanelCost {
  waiting: number
  /** bytes each agent received because of the new chat (mean over agents) */
  bytesPerAgent: number
  /** from the customer's start to the last agent's first frame naming the chat, ms */
  msToAllAgents: number
  /** frames the waiting customers received meanwhile, all together */
  framesToWaiting: number
}

/** Quiet time after the last agent heard of the chat: frames coalesced over a short window still count. */
const SETTLE_MS = 300

/**
 * Runs the levels in increasing order on one relay. While the queue fills only agent 0 is connected
 * (it keeps the relay available); the other agents connect after, so filling does not cost them
 * a panel per chat. Each sample's chat is ended afterwards, so the queue stays at its level.
 */
export const panelScenario = async (server: Server, cookies: string[], levels: readonly number[], samples: number): Promise<PanelCost[]> => {
  const first = await readyAgent(server, cookies[0])
  const waiting: Peer[] = []
  const out: PanelCost[] = []
  let n = 0
  for (const level of levels) {
    const missing = Math.max(0, level - waiting.length)
    await inBatches(
      Array.from({ length: missing }, () => 0),
      20,
      async () => {
        const c = await readyCustomer(server)
        await startChat(c, `wait-${n++}`)
        waiting.push(c)
      }
    )
    const others = await Promise.all(cookies.slice(1).map((c) => readyAgent(server, c)))
    const agents = [first, ...others]
    await sleep(500)
    const costs: Omit<PanelCost, 'waiting'>[] = []
    for (let s = 0; s < samples; s++) {
      // Frames before the customer hears its chat id are kept (with their time) and searched after.
      const early: { raw: string; at: number }[][] = agents.map(() => [])
      const firstSight = agents.map(() => Infinity)
      const bytes0 = agents.map((a) => a.bytes)
      const frames0 = waiting.reduce((k, c) => k + c.frames, 0)
      let chatId: string | undefined
      agents.forEach((a, i) => {
        a.onFrame = (_f, raw) => {
          if (firstSight[i] !== Infinity) return
          if (!chatId) early[i]!.push({ raw, at: performance.now() })
          else if (raw.includes(chatId)) firstSight[i] = performance.now()
        }
      })
      const c = await readyCustomer(server)
      const t0 = performance.now()
      chatId = await startChat(c, `panel-${level}-${s}`)
      agents.forEach((_a, i) => {
        const hit = early[i]!.find((e) => e.raw.includes(chatId!))
        if (hit && firstSight[i] === Infinity) firstSight[i] = hit.at
      })
      const deadline = performance.now() + 10_000
      while (firstSight.some((t) => t === Infinity) && performance.now() < deadline) await sleep(5)
      await sleep(SETTLE_MS)
      const bytes = agents.map((a, i) => a.bytes - bytes0[i]!)
      costs.push({
        bytesPerAgent: bytes.reduce((x, y) => x + y, 0) / agents.length,
        msToAllAgents: Math.max(...firstSight) - t0,
        framesToWaiting: waiting.reduce((k, w) => k + w.frames, 0) - frames0
      })
      for (const a of agents) a.onFrame = undefined
      c.send({ type: 'end' })
      await sleep(300)
      c.close()
    }
    for (const a of others) a.close()
    await sleep(300)
    out.push({
      waiting: level,
      bytesPerAgent: median(costs.map((x) => x.bytesPerAgent)),
      msToAllAgents: median(costs.map((x) => x.msToAllAgents)),
      framesToWaiting: median(costs.map((x) => x.framesToWaiting))
    })
  }
  for (const p of [first, ...waiting]) p.close()
  return out
}
