// Bulk loading through the Store (benchmarks, imports): the fast path is the ordinary one. Writes
// asked for in one event-loop turn share one transaction on the SQLite store (group commit, see
// sqlite-writer.ts) and run in the order they were asked for; so issuing many writes without
// awaiting each one costs one COMMIT per group instead of one per write, and writes exactly the rows
// the same calls awaited one by one would (test/relay/bulk-load.test.ts compares them). Only the
// full-text index's internal segments differ, not what it finds.

/**
 * Runs `group(i)` for i = 0 … count − 1, `perTurn` groups per turn: each group's writes are asked
 * for at once (in order, none awaited before the next is asked for) and the next turn starts when
 * all of them have committed. Rejects with the first write that failed. `progress` hears the
 * number of groups done after each turn.
 */
export const bulkLoad = async (count: number, perTurn: number, group: (i: number) => Promise<unknown>[], progress?: (done: number) => void): Promise<void> => {
  for (let from = 0; from < count; from += perTurn) {
    const writes: Promise<unknown>[] = []
    for (let i = from; i < Math.min(count, from + perTurn); i++) writes.push(...group(i))
    await Promise.all(writes)
    progress?.(Math.min(count, from + perTurn))
  }
}
