// The machinery of `npm run bench:relay` in its smallest form (no timings are asserted): both
// servers start, the lean clients speak the protocol to each, every measured message is committed
// before it counts, the panel scenario sees a new chat reach every agent, idle sockets are measured.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { login } from '../../bench/relay-clients.js'
import { AGENT_PASSWORD, agentEmail, freshDataDir, makeTemplate, RELAY_LIMITS } from '../../bench/relay-env.js'
import { buildRig, closedLoop, idleSockets, openLoop } from '../../bench/relay-load.js'
import { panelScenario } from '../../bench/relay-panel.js'
import { startReference, startRelay } from '../../bench/relay-procs.js'

const dirs: string[] = []
const tmp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix))
  dirs.push(d)
  return d
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe('bench:relay machinery', () => {
  it('counts only messages the reference forwarder committed and forwarded', async () => {
    const file = join(tmp('parley-ref-test-'), 'ref.db')
    const server = await startReference(file)
    try {
      const rig = await buildRig(server, [undefined, undefined], 4)
      const closed = await closedLoop(rig, 0.2, 'c')
      const open = await openLoop(rig, 100, 0.2, 'o')
      const idle = await idleSockets(server, 10, ['127.0.0.1'])
      rig.close()
      expect(closed.messages).toBeGreaterThan(0)
      expect(open.missing).toBe(0)
      expect(Number.isFinite(idle.heapPerSocket)).toBe(true)
      const db = new Database(file, { readonly: true })
      const stored = (db.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n
      db.close()
      // 4 first messages, every measured one, and the 20 of the open loop.
      expect(stored).toBeGreaterThanOrEqual(4 + closed.messages + 20)
    } finally {
      await server.stop()
    }
  }, 60_000)

  it('drives the relay as a user starts it: chats answered, messages delivered, a new chat reaches every agent', async () => {
    const template = await makeTemplate(tmp('parley-template-test-'))
    const dir = freshDataDir(template)
    dirs.push(dir)
    const server = await startRelay({ PARLEY_DATA_DIR: dir, ...RELAY_LIMITS })
    try {
      const cookies = await Promise.all([0, 1].map((i) => login(server, agentEmail(i), AGENT_PASSWORD)))
      const rig = await buildRig(server, cookies, 4)
      const closed = await closedLoop(rig, 0.2, 'c')
      rig.close()
      expect(closed.messages).toBeGreaterThan(0)
      const [none, two] = await panelScenario(server, cookies, [0, 2], 1)
      expect(none!.waiting).toBe(0)
      expect(two!.waiting).toBe(2)
      // Every agent heard of the new chat (else the time would be infinite) and got bytes for it.
      expect(Number.isFinite(two!.msToAllAgents)).toBe(true)
      expect(two!.bytesPerAgent).toBeGreaterThan(0)
    } finally {
      await server.stop()
    }
  }, 60_000)
})
