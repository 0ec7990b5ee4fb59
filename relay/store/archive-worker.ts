// The archive worker: a `node:worker_threads` thread with its own read-only connection to the
// SQLite file, which runs the archive's queries (archive-queries.ts) so a search never holds up the
// relay's event loop. Started on the first query, kept while it is healthy.
//
// Time limit. better-sqlite3 cannot interrupt a statement, so there are two bounds:
//   - the worker checks the deadline between rows and, past it, answers what it found so far with
//     `timedOut` (and a cursor to go on from);
//   - should it not answer by the deadline plus a short grace (one SQLite step that runs long, e.g.
//     a prefix matching a huge vocabulary), the owner answers `timedOut` itself, terminates the
//     thread and starts a new one for the next query. A terminated thread stops once SQLite hands
//     control back; until then it burns one core, so at most MAX_DYING may be dying at a time
//     (queries wait meanwhile, within their own time limit).
// The deadline counts from when the query was asked for: waiting behind another query uses it up,
// starting the thread does not (queries asked for meanwhile get their whole time once it is ready).
//
// The worker's code is the text of `archiveQueries` evaluated in the thread (`eval: true`), so it
// needs no separate file: the same source runs from TypeScript (tests), from the bundled relay and
// from the benchmark's bundles alike.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { archiveQueries, type ArchiveQueryConfig, type ArchiveAsk, type ArchiveRows, type ArchiveTags } from './archive-queries.js'

/** Runs archive queries off the event loop. */
export interface ArchiveWorker {
  /** Runs `request` within `timeoutMs` of now; a query cut off answers with `timedOut` and no hits. */
  run<R extends ArchiveRows | ArchiveTags>(request: ArchiveAsk, timeoutMs: number): Promise<R>
  /** Stops the thread (and every query waiting). */
  close(): Promise<void>
}

/** After the deadline, how long the worker may take to answer with what it found before it is cut off, ms. */
const GRACE_MS = 100
/** Threads terminated but still finishing a SQLite step. */
const MAX_DYING = 2

const source = (): string => `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const archiveQueries = (${archiveQueries.toString()})
const db = new Database(workerData.file, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
db.pragma('temp_store = MEMORY')
// The index pages stay in this thread's cache between searches (64 MiB at most, taken as used).
db.pragma('cache_size = -65536')
const queries = archiveQueries(db, workerData.config)
parentPort.postMessage({ ready: true })
parentPort.on('message', ({ id, request }) => {
  try {
    parentPort.postMessage({ id, answer: queries.run(request) })
  } catch (err) {
    parentPort.postMessage({ id, error: err && err.message ? err.message : String(err) })
  }
})
`

interface Job {
  id: number
  request: ArchiveAsk
  timeoutMs: number
  deadline: number
  resolve(answer: ArchiveRows | ArchiveTags): void
  reject(err: Error): void
  timer?: NodeJS.Timeout
}

const timedOut = (request: ArchiveAsk): ArchiveRows | ArchiveTags => (request.kind === 'tags' ? { tags: [], timedOut: true } : { hits: [], timedOut: true })

/** Creates the archive worker of the SQLite file `file` (started on the first query). */
export const createArchiveWorker = (file: string, config: ArchiveQueryConfig): ArchiveWorker => {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3')
  let worker: Worker | undefined
  let ready = false
  let busy: Job | undefined
  let dying = 0
  let closed = false
  let nextId = 1
  const queue: Job[] = []

  const spawn = (): Worker => {
    const w = new Worker(source(), { eval: true, workerData: { file, sqlite, config } })
    // An idle worker must not keep the process alive.
    w.unref()
    w.on('message', (m: { ready?: true; id: number; answer?: ArchiveRows | ArchiveTags; error?: string }) => {
      if (m.ready) {
        if (worker !== w) return
        ready = true
        for (const job of queue) job.deadline = Math.max(job.deadline, Date.now() + job.timeoutMs)
        return pump()
      }
      const job = busy
      if (!job || job.id !== m.id) return
      busy = undefined
      clearTimeout(job.timer)
      if (m.answer) job.resolve(m.answer)
      else job.reject(new Error(m.error ?? 'archive query failed'))
      pump()
    })
    w.on('error', (err) => {
      if (worker !== w) return
      worker = undefined
      const job = busy
      busy = undefined
      if (job) {
        clearTimeout(job.timer)
        job.reject(err)
      }
      // A thread that failed to start (the file cannot be opened) would fail again: those waiting get the error.
      if (!ready)
        for (const waiting of queue.splice(0)) {
          clearTimeout(waiting.timer)
          waiting.reject(err)
        }
      ready = false
      pump()
    })
    w.on('exit', () => {
      if (worker === w) {
        worker = undefined
        ready = false
        const job = busy
        busy = undefined
        if (job) {
          clearTimeout(job.timer)
          job.reject(new Error('the archive worker stopped'))
        }
      }
      pump()
    })
    return w
  }

  const cutOff = (w: Worker) => {
    worker = undefined
    ready = false
    dying++
    w.once('exit', () => {
      dying--
      pump()
    })
    void w.terminate()
  }

  const pump = () => {
    if (closed || busy) return
    const now = Date.now()
    // Whatever has waited past its deadline answers at once.
    while (queue.length && queue[0]!.deadline <= now) {
      const job = queue.shift()!
      clearTimeout(job.timer)
      job.resolve(timedOut(job.request))
    }
    const job = queue[0]
    if (!job) return
    if (!worker) {
      if (dying >= MAX_DYING) return
      ready = false
      worker = spawn()
    }
    if (!ready) return
    queue.shift()
    clearTimeout(job.timer)
    busy = job
    const w = worker
    job.timer = setTimeout(
      () => {
        if (busy !== job) return
        busy = undefined
        job.resolve(timedOut(job.request))
        cutOff(w)
        pump()
      },
      job.deadline - now + GRACE_MS
    )
    w.postMessage({ id: job.id, request: { ...job.request, budgetMs: Math.max(0, job.deadline - now) } })
  }

  return {
    run<R extends ArchiveRows | ArchiveTags>(request: ArchiveAsk, timeoutMs: number) {
      if (closed) return Promise.reject(new Error('the archive is closed'))
      return new Promise<R>((resolve, reject) => {
        const job: Job = { id: nextId++, request, timeoutMs, deadline: Date.now() + timeoutMs, resolve: resolve as Job['resolve'], reject }
        // A job left waiting (the worker busy, or too many dying) answers at its deadline.
        const wait = () => {
          job.timer = setTimeout(
            () => {
              const i = queue.indexOf(job)
              if (i < 0) return
              if (Date.now() < job.deadline) return wait()
              queue.splice(i, 1)
              job.resolve(timedOut(request))
            },
            Math.max(0, job.deadline - Date.now()) + GRACE_MS
          )
        }
        wait()
        queue.push(job)
        pump()
      })
    },
    async close() {
      closed = true
      const err = new Error('the archive is closed')
      for (const job of queue.splice(0)) {
        clearTimeout(job.timer)
        job.reject(err)
      }
      if (busy) {
        clearTimeout(busy.timer)
        busy.reject(err)
        busy = undefined
      }
      const w = worker
      worker = undefined
      if (w) await w.terminate()
    }
  }
}
