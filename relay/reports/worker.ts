// The reports worker: its own read-only SQLite connection, so a report's SQL never blocks the
// relay's event loop. Started by runner.ts; answers { id, query } with { id, report } or { id, error }.
import Database from 'better-sqlite3'
import { parentPort, workerData } from 'node:worker_threads'
import { prepareReports, type ReportQuery } from './queries.js'

const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const compute = prepareReports(db)

parentPort!.on('message', ({ id, query }: { id: number; query: ReportQuery }) => {
  const started = performance.now()
  try {
    const report = compute(query)
    parentPort!.postMessage({ id, report: { ...report, tookMs: Math.round(performance.now() - started) } })
  } catch (err) {
    parentPort!.postMessage({ id, error: err instanceof Error ? err.message : String(err) })
  }
})
