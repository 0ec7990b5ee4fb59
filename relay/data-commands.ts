// `parley erase`, `parley backup`, `parley prune`: the life of the data, from the command line.
// Each opens the database beside a running relay (WAL: readers and the one writer take turns).
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import type { RelayConfig } from './config.js'
import { hashToken } from './hub/hub.js'
import { prune } from './security/retention.js'
import { openStore } from './store/open-store.js'
import type { Store } from './store/store.js'

/** Thrown for wrong usage; the CLI prints it with the usage text. */
export class UsageError extends Error {}

const withStore = async <T>(config: Readonly<RelayConfig>, work: (store: Store) => Promise<T>): Promise<T> => {
  const store = await openStore(config)
  try {
    return await work(store)
  } finally {
    await store.close()
  }
}

/** `parley erase --email EMAIL | --token TOKEN`: deletes everything about one customer. */
export const eraseCommand = async (config: Readonly<RelayConfig>, args: string[], out: (line: string) => void) => {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, token: { type: 'string' } } })
  if (Boolean(values.email) === Boolean(values.token)) throw new UsageError('erase needs exactly one of --email and --token')
  const key = values.email ? { email: values.email } : { tokenHash: hashToken(values.token!) }
  const d = await withStore(config, (store) => store.eraseCustomer(key))
  out(`erased ${d.visitors} visitor${d.visitors === 1 ? '' : 's'} and ${d.chats} chat${d.chats === 1 ? '' : 's'} with their messages, images and tickets`)
}

/** `parley backup FILE`: a consistent copy of the database, taken while the relay runs. */
export const backupCommand = async (config: Readonly<RelayConfig>, args: string[], out: (line: string) => void) => {
  const [file, ...rest] = args
  if (!file || rest.length) throw new UsageError('backup needs one file name')
  const target = resolve(file)
  // Never overwrite: a mistyped name must not destroy an earlier backup.
  if (existsSync(target)) throw new UsageError(`${target} exists already`)
  await withStore(config, (store) => store.backup(target))
  out(`backed up ${join(config.dataDir, 'parley.db')} to ${target}`)
}

/** `parley prune [--days N]`: deletes ended chats older than N days (default: retentionDays). */
export const pruneCommand = async (config: Readonly<RelayConfig>, args: string[], out: (line: string) => void) => {
  const { values } = parseArgs({ args, options: { days: { type: 'string' } } })
  const days = values.days === undefined ? config.retentionDays : Number(values.days)
  if (!Number.isInteger(days) || days < 0) throw new UsageError('--days must be a whole number of days')
  if (days === 0) throw new UsageError('nothing to prune: set --days N or PARLEY_RETENTION_DAYS')
  const d = await withStore(config, (store) => prune(store, days))
  out(
    `deleted ${d.chats} ended chat${d.chats === 1 ? '' : 's'} older than ${days} days and ${d.visitors} visitor${d.visitors === 1 ? '' : 's'} left without a chat`
  )
}
