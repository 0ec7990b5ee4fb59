// Runs report queries in a worker thread (worker.ts) and hands back promises. The worker starts
// on the first report and stays; one that takes too long is stopped and the next report starts a
// fresh one.
import { mkdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Report } from '../../protocol/index.js'
import type { ReportQuery } from './queries.js'

/** Runs reports off the event loop. */
export interface ReportRunner {
  run(query: ReportQuery): Promise<Report>
  close(): Promise<void>
}

/**
 * The worker's script. The built relay has it beside itself (dist/relay/reports-worker.mjs, see
 * build.mjs); run from sources (tests, tsx) it is bundled once with esbuild, since Node 20 cannot
 * start a worker from TypeScript.
 */
let bundled: Promise<URL> | undefined
const workerScript = (): Promise<URL> => {
  const here = import.meta.url
  if (!here.endsWith('.ts')) return Promise.resolve(new URL('./reports-worker.mjs', here))
  // Once per process (the sources may have changed since the last run), one file per process.
  bundled ??= (async () => {
    const dir = fileURLToPath(new URL('../../node_modules/.cache/parley-reports/', here))
    mkdirSync(dir, { recursive: true })
    const outfile = dir + `worker-${process.pid}.mjs`
    const { build } = await import('esbuild')
    await build({
      entryPoints: [fileURLToPath(new URL('./worker.ts', here))],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      logLevel: 'warning'
    })
    return pathToFileURL(outfile)
  })()
  return bundled
}

/** Creates a runner over the SQLite file `file`; a report taking longer than `timeoutMs` fails. */
export const createReportRunner = (file: string, timeoutMs: number): ReportRunner => {
  let worker: Worker | null = null
  let nextId = 1
  const pending = new Map<number, { resolve(r: Report): void; reject(e: Error): void; timer: NodeJS.Timeout }>()

  const failAll = (err: Error) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer)
      p.reject(err)
    }
    pending.clear()
  }

  const start = async (): Promise<Worker> => {
    const w = new Worker(await workerScript(), { workerData: { file } })
    w.on('message', (m: { id: number; report?: Report; error?: string }) => {
      const p = pending.get(m.id)
      if (!p) return
      pending.delete(m.id)
      clearTimeout(p.timer)
      if (m.report) p.resolve(m.report)
      else p.reject(new Error(m.error ?? 'report failed'))
    })
    w.on('error', (err) => failAll(err))
    w.on('exit', () => {
      if (worker === w) worker = null
      failAll(new Error('the reports worker stopped'))
    })
    // The relay may exit while the worker idles.
    w.unref()
    return w
  }

  return {
    async run(query) {
      worker ??= await start()
      const w = worker
      const id = nextId++
      return new Promise<Report>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`the report took longer than ${timeoutMs} ms`))
          // Its SQL cannot be interrupted from here: stop the worker; the next report starts another.
          if (worker === w) worker = null
          void w.terminate()
        }, timeoutMs)
        pending.set(id, { resolve, reject, timer })
        w.postMessage({ id, query })
      })
    },
    async close() {
      const w = worker
      worker = null
      if (w) await w.terminate()
    }
  }
}
