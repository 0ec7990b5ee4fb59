// Group commit for the SQLite store. Every write the relay asks for in one event-loop turn is
// queued and run at the end of that turn (setImmediate) in ONE transaction, each operation in its
// own savepoint; each caller's promise settles only after the COMMIT. So an ack or a fan-out that
// waits for its write still means "committed", while a busy relay pays for one BEGIN/COMMIT (and
// one WAL append) per turn instead of one per message.
//
// - The transaction is BEGIN IMMEDIATE: it takes the write lock before it reads, waiting
//   (busy_timeout) for another process such as the CLI, instead of failing with
//   SQLITE_BUSY_SNAPSHOT the way a deferred transaction that read first would.
// - An operation that throws rejects only its own caller and leaves nothing behind; the rest of the
//   batch commits. (The batch then runs again with a savepoint per operation, see runFast.) Should
//   SQLite itself abandon the transaction (I/O error, disk full), the operations already run in it
//   are rejected with that error and the others run in a new one.
// - Operations run in the order they were asked for, synchronously, between BEGIN and COMMIT; a
//   read outside a write operation never sees a batch half done (the batch runs in one JS call).
import type Database from 'better-sqlite3'

/** Runs writes in batches, one transaction per event-loop turn. */
export interface Writer {
  /** Queues `op` for this turn's transaction; resolves with its result once that transaction has committed. */
  write<T>(op: () => T): Promise<T>
  /** Runs whatever is queued now (before closing the database). */
  flush(): void
  /** Counters since the store opened: transactions committed and operations run in them. */
  readonly stats: { commits: number; operations: number }
}

/** Queues a write for this turn's transaction (see {@link Writer.write}). */
export type Write = <T>(op: () => T) => Promise<T>

interface Op {
  run: () => unknown
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Creates the group-commit writer of `db`. */
export const createWriter = (db: Database.Database): Writer => {
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  const rollback = db.prepare('ROLLBACK')
  // A nested better-sqlite3 transaction is a savepoint: RELEASE on success, ROLLBACK TO on a throw.
  const inSavepoint = db.transaction((run: () => unknown) => run())
  let queue: Op[] = []
  let scheduled = false
  const stats = { commits: 0, operations: 0 }

  const settle = (ops: Op[], outcomes: Outcome[]) => {
    stats.operations += outcomes.length
    for (const [i, o] of outcomes.entries()) {
      if (o.ok) ops[i]!.resolve(o.value)
      else ops[i]!.reject(o.error)
    }
  }
  const fail = (outcomes: Outcome[], error: unknown) => {
    for (const o of outcomes) if (o.ok) Object.assign(o, { ok: false, error, value: undefined })
  }
  const tryCommit = (outcomes: Outcome[]) => {
    try {
      commit.run()
      stats.commits++
    } catch (error) {
      if (db.inTransaction) rollback.run()
      fail(outcomes, error)
    }
  }

  // The fast path: no savepoints. Savepoints are not free (each page an operation touches is
  // first copied to the statement journal), and operations rarely fail. Should one throw, the whole
  // transaction is rolled back (nothing of it was visible to anyone) and the batch runs again on
  // the careful path. Operations are plain functions of the database, so running one twice is safe.
  const runFast = (ops: Op[]): boolean => {
    const outcomes: Outcome[] = []
    for (const op of ops) {
      try {
        outcomes.push({ ok: true, value: op.run() })
      } catch {
        if (db.inTransaction) rollback.run()
        return false
      }
    }
    tryCommit(outcomes)
    settle(ops, outcomes)
    return true
  }

  // The careful path: each operation in its own savepoint, so one that throws takes back only its
  // own changes. Returns the operations left over when SQLite abandoned the transaction.
  const runCareful = (ops: Op[]): Op[] => {
    const outcomes: Outcome[] = []
    let rest: Op[] = []
    for (let i = 0; i < ops.length; i++) {
      try {
        outcomes.push({ ok: true, value: inSavepoint(ops[i]!.run) })
      } catch (error) {
        outcomes.push({ ok: false, error })
        if (!db.inTransaction) {
          // SQLite rolled the whole transaction back: nothing run so far is committed.
          fail(outcomes, error)
          rest = ops.slice(i + 1)
          break
        }
      }
    }
    if (db.inTransaction) tryCommit(outcomes)
    settle(ops.slice(0, outcomes.length), outcomes)
    return rest
  }

  const runBatch = (ops: Op[]): Op[] => {
    try {
      begin.run()
    } catch (error) {
      for (const op of ops) op.reject(error)
      return []
    }
    if (runFast(ops)) return []
    try {
      begin.run()
    } catch (error) {
      for (const op of ops) op.reject(error)
      return []
    }
    return runCareful(ops)
  }

  const flush = () => {
    scheduled = false
    while (queue.length) {
      const ops = queue
      queue = []
      queue = [...runBatch(ops), ...queue]
    }
  }

  return {
    write<T>(run: () => T) {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve: resolve as (v: unknown) => void, reject })
        if (!scheduled) {
          scheduled = true
          setImmediate(flush)
        }
      })
    },
    flush,
    stats
  }
}
