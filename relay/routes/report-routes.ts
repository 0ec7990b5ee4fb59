// GET /api/reports: the figures of a period, computed in the reports worker. Admins see everyone
// (or one agent with `agent=`); agents see their own chats only. Also keeps the online log.
import type { FastifyInstance } from 'fastify'
import { ERR_FORBIDDEN, ERR_REPORTS } from '../errors.js'
import { topics } from '../hub/events.js'
import { createOnlineLog } from '../reports/online-log.js'
import { resolvePeriod } from '../reports/period.js'
import { createReportRunner } from '../reports/runner.js'
import { siteTimeZone } from '../reports/site-zone.js'
import { requireAgent } from './session.js'

const querystring = {
  type: 'object',
  additionalProperties: false,
  properties: {
    period: { type: 'string', maxLength: 10 },
    from: { type: 'string', maxLength: 10 },
    to: { type: 'string', maxLength: 10 },
    agent: { type: 'string', minLength: 1, maxLength: 64 }
  }
} as const

/** Registers `GET /api/reports`; `file` is the SQLite file of the store (null: another engine, no reports). */
export const reportRoutes = (app: FastifyInstance, file: string | null, now: () => number = Date.now) => {
  const { store, bus, hub, config, metrics } = app.parley
  const runner = file ? createReportRunner(file, config.reportTimeoutMs) : null
  if (file) {
    let log: ReturnType<typeof createOnlineLog> | null = null
    let unsubscribe = () => {}
    app.addHook('onReady', async () => {
      log = createOnlineLog(file, now)
      // Any event for all agents may be someone coming or going; the panel lists who is online.
      const update = () => {
        try {
          log?.update(hub.panel().agents.map((a) => a.id))
        } catch (err) {
          app.log.error({ err }, 'online log failed')
        }
      }
      unsubscribe = bus.subscribe(topics.agents, update)
      update()
    })
    app.addHook('onClose', async () => {
      unsubscribe()
      log?.close()
      await runner?.close()
    })
  }

  app.get<{ Querystring: { period?: string; from?: string; to?: string; agent?: string } }>(
    '/api/reports',
    { preValidation: requireAgent, schema: { querystring } },
    async (req) => {
      if (!runner) throw new ERR_REPORTS('Reports need the SQLite store')
      const me = req.agent!
      const { agent, ...period } = req.query
      if (me.role !== 'admin' && agent !== undefined && agent !== me.id) throw new ERR_FORBIDDEN('Agents see only their own reports')
      const timeZone = await siteTimeZone(store)
      const at = now()
      const span = resolvePeriod(period, timeZone, at)
      const agentId = me.role === 'admin' ? agent : me.id
      const report = await runner.run({ span, timeZone, now: at, ...(agentId ? { agentId } : {}) }).catch((err: Error) => {
        req.log.warn({ err }, 'report failed')
        throw new ERR_REPORTS('The report could not be computed: ' + err.message)
      })
      metrics.reportTook(report.tookMs)
      return { report }
    }
  )
}
