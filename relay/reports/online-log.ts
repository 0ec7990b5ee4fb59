// When each agent was online (chat switched on and a console connected), for "time online" in
// reports: one row in agent_online per stretch. Fed with the set of online agents whenever the
// panel changes; writes only when someone comes or goes, on its own small connection to the file.
import Database from 'better-sqlite3'

/** Records online stretches. */
export interface OnlineLog {
  /** The agents online now (ids); opens and closes stretches for the differences. */
  update(online: Iterable<string>): void
  /** Closes the stretches this log opened (the relay stops). */
  close(): void
}

/** Opens the log on the SQLite file `file`; `now` is injectable for tests (ms since epoch). */
export const createOnlineLog = (file: string, now: () => number = Date.now): OnlineLog => {
  const db = new Database(file, { fileMustExist: true })
  db.pragma('busy_timeout = 5000')
  const open = db.prepare('INSERT INTO agent_online (agent_id, started_at) VALUES (?, ?)')
  const closeOne = db.prepare('UPDATE agent_online SET ended_at = ? WHERE agent_id = ? AND ended_at IS NULL')
  // Stretches left open by a relay that crashed end when it was last seen: unknown, so at their start
  // (no time online is invented). A clean shutdown closes them properly.
  db.prepare('UPDATE agent_online SET ended_at = started_at WHERE ended_at IS NULL').run()
  let current = new Set<string>()
  return {
    update(online) {
      const next = new Set(online)
      const at = now()
      for (const id of next) if (!current.has(id)) open.run(id, at)
      for (const id of current) if (!next.has(id)) closeOne.run(at, id)
      current = next
    },
    close() {
      if (!db.open) return
      const at = now()
      for (const id of current) closeOne.run(at, id)
      current.clear()
      db.close()
    }
  }
}
