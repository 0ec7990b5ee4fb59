// WAL checkpoints in a worker thread. In WAL mode a commit only appends to the -wal file; a
// checkpoint copies those pages back into the database and fsyncs it. SQLite runs one itself after
// the commit that takes the WAL past wal_autocheckpoint pages — on the committing thread, which
// for the relay is the event loop, stalled for the copy and two fsyncs. This thread instead runs a
// PASSIVE checkpoint (it never blocks the writer or readers, and waits for nobody) every
// `everyMs` on its own connection; the relay's connection keeps a far higher autocheckpoint
// (sqlite-store.ts), for sustained load (below) and should this thread die. Durability does not change: a commit is durable once it
// is in the WAL, checkpointed or not.
//
// Under sustained load the event loop still checkpoints now and then, and that is what the
// interval is for. A PASSIVE checkpoint copies only the frames that were in the WAL when it
// started; while commits keep arriving (at 5,000 msg/s, every millisecond or two, ≈ 4 WAL frames
// per message) it never catches up completely, so the WAL is never restarted and grows until the
// relay connection's autocheckpoint fires after its commit: a sync of the WAL, the copy of what is
// left, a sync of the database and, on the next commit, a sync of the restarted WAL's header, all
// on the event loop. Each sync writes out what reached the WAL since this thread last synced it.
// Measured at 5,000 msg/s (strace of the relay's main thread): every 200 ms, 0.3–0.5 s of the
// event loop in fsync per 8 s, single syncs up to 25–90 ms; every 25 ms about half that, the
// longest 10–18 ms. An idle WAL costs nothing: a checkpoint with nothing to copy syncs nothing.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** The background checkpointer of one database file. */
export interface Checkpointer {
  /** Stops the thread after closing its connection. */
  stop(): Promise<void>
}

const source = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.sqlite)
const db = new Database(workerData.file, { fileMustExist: true })
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)')
  } catch {
    // Busy or locked this time (another process checkpointing, a backup): the next tick tries again.
  }
}, workerData.everyMs)
parentPort.on('message', () => {
  clearInterval(timer)
  db.close()
  parentPort.close()
})
`

/** Starts checkpointing the WAL of `file` (an existing database in WAL mode) every `everyMs`. */
export const startCheckpointer = (file: string, everyMs: number, onError: (err: Error) => void = () => {}): Checkpointer => {
  const sqlite = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(source, { eval: true, workerData: { file, sqlite, everyMs } })
  // It must not keep the process alive on its own.
  worker.unref()
  worker.on('error', onError)
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()))
  return {
    async stop() {
      worker.postMessage('stop')
      // Should it not close in time, end it.
      const timer = setTimeout(() => void worker.terminate(), 2000)
      await exited
      clearTimeout(timer)
    }
  }
}
