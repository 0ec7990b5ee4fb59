// How `npm run bench:relay` starts the relay: the documented environment variables it sets (the
// per-IP limits are for the internet; here every client is on loopback), and a data directory
// with the bench's agents, made once through the relay's own code and copied for every start.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { addAgent } from '../relay/agents.js'
import { makeConfig } from '../relay/config.js'
import { openSqliteStore } from '../relay/store/sqlite-store.js'

/** The relay's documented limits the bench raises (README, "Security and limits"), printed with the table. */
export const RELAY_LIMITS: Readonly<Record<string, string>> = {
  // 10k idle sockets come from a handful of loopback addresses.
  PARLEY_MAX_SOCKETS_PER_IP: '1000000',
  // 5,000 msg/s over 200 customers is 25 frames per second per socket, all from 127.0.0.1.
  PARLEY_MAX_FRAMES_PER_SECOND: '100000',
  PARLEY_MAX_FRAMES_PER_SECOND_PER_IP: '1000000',
  // 200 chats (1,000 waiting in the panel scenario) start within seconds from one address.
  PARLEY_MAX_NEW_CHATS_PER_MINUTE_PER_IP: '1000000',
  PARLEY_MAX_QUEUE_LENGTH: '100000',
  PARLEY_MAX_LOGINS_PER_MINUTE_PER_IP: '100000'
}

/** Agents of every bench relay: `agent<i>@bench.test`, chat on, 20 chats each (the most allowed). */
export const AGENTS = 10
export const AGENT_PASSWORD = 'bench password 123'
export const agentEmail = (i: number) => `agent${i}@bench.test`

/** Creates the template data directory's database with the bench's agents, through the relay's own code. */
export const makeTemplate = async (dir: string): Promise<string> => {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'parley.db')
  const store = openSqliteStore(file)
  const config = makeConfig({ dataDir: dir, defaultMaxChats: 20 })
  for (let i = 0; i < AGENTS; i++) {
    const a = await addAgent(store, config, { name: `Agent ${i}`, email: agentEmail(i), password: AGENT_PASSWORD, role: 'agent' })
    await store.updateAgent(a.id, { on: true })
  }
  await store.close()
  return file
}

/** A fresh data directory holding a copy of `template` (its agents). */
export const freshDataDir = (template: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-'))
  copyFileSync(template, join(dir, 'parley.db'))
  if (existsSync(template + '-wal')) copyFileSync(template + '-wal', join(dir, 'parley.db-wal'))
  return dir
}
