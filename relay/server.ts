// `startRelay(config)`: create the first admin, listen, print where everything is, shut down cleanly.
import type { FastifyInstance } from 'fastify'
import { addFirstAgent } from './agents.js'
import { buildRelay } from './app.js'
import type { RelayConfig } from './config.js'
import { generatePassword } from './passwords.js'

/**
 * Creates the first admin when the database has no agent; returns the credentials to print. Nodes
 * of a cluster starting together on an empty database create one admin: the one that did prints it.
 */
const ensureAdmin = async (app: FastifyInstance, config: Readonly<RelayConfig>) => {
  const { store } = app.parley
  if ((await store.countAgents()) > 0) return undefined
  const password = config.adminPassword || generatePassword()
  const made = await addFirstAgent(store, config, { name: 'Admin', email: config.adminEmail, password, role: 'admin' })
  return made && { email: made.email, password, generated: !config.adminPassword }
}

/** Starts the relay and resolves with the listening app. Stops on SIGINT/SIGTERM. */
export const startRelay = async (config: Readonly<RelayConfig>, out: (line: string) => void = console.log) => {
  const app = await buildRelay(config)
  // The admin exists before the first request can arrive; if listening fails (a taken port) it is
  // removed again, so no admin is left whose generated password nobody saw.
  const admin = await ensureAdmin(app, config)
  try {
    await app.listen({ host: config.host, port: config.port })
  } catch (err) {
    if (admin) {
      const created = await app.parley.store.getAgentByEmail(admin.email)
      if (created) await app.parley.store.removeAgent(created.id)
    }
    await app.close()
    throw err
  }
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const base = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${config.port}`
  out('')
  out(`Parley is running. Data: ${config.databaseUrl ? 'PostgreSQL (PARLEY_DATABASE_URL)' : `${config.dataDir}/parley.db`}`)
  out(`  Demo shop (customer side): ${base}/`)
  out(`  Agent console:             ${base}/console/`)
  out(`  Widget script:             ${base}/parley.js`)
  if (admin) {
    out('')
    out(`First start: created the admin agent. Log in to the console with`)
    out(`  email:    ${admin.email}`)
    out(`  password: ${admin.generated ? admin.password + '   (generated; shown only this once)' : '(from PARLEY_ADMIN_PASSWORD)'}`)
  } else {
    out(`  Log in with an existing agent; add one with: npx parley agent add --name NAME --email EMAIL`)
  }
  out('')

  // Graceful shutdown: app.close() stops routing new requests and upgrades (503), sends 1012 to
  // every socket and cuts off those that have not closed after shutdownGraceMs, stops listening,
  // waits for in-flight work, then closes the database (a WAL checkpoint: everything is in
  // parley.db). Whatever hangs past the grace period plus a margin ends with exit code 1.
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      app.log.error('shutdown took too long; exiting anyway')
      process.exit(1)
    }, config.shutdownGraceMs + 5000)
    force.unref()
    try {
      await app.close()
    } catch (err) {
      app.log.error({ err }, 'shutdown failed')
      process.exit(1)
    }
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
  return app
}
