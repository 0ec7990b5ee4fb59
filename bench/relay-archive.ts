// The archive of `npm run bench:relay`: a database of `chats` ended chats with `perChat` messages
// each (1,000,000 messages in 50,000 chats by default), written through the relay's Store, with
// words drawn from a Zipf distribution so that common words match most chats (the hard case for
// search) and rare ones few. Deterministic: the same sizes give the same rows. Built once and kept
// in node_modules/.cache/parley-bench under a key of the store's source, so a change to the
// store's code or schema builds it again.
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Store } from '../relay/store/store.js'
import { openSqliteStore } from '../relay/store/sqlite-store.js'

/** A seeded PRNG (mulberry32): the archive is the same on every build. */
export const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

/** Words of a support chat, most frequent first; after them a long tail of made-up product codes. */
const COMMON = (
  'the order my parcel delivery please thanks hello refund invoice account password shipping address payment card ' +
  'return size colour discount voucher email phone tracking number week yesterday today tomorrow warehouse courier ' +
  'damaged missing broken replacement exchange subscription cancel upgrade plan price receipt basket checkout login ' +
  'reset update change wrong late early express standard international customs duty label box package item product'
).split(' ')
const VOCABULARY = [...COMMON, ...Array.from({ length: 20_000 }, (_, i) => `sku${(i * 7919) % 100_000}`)]
// Zipf: the word of rank r is drawn with weight 1/r.
const CUMULATIVE = (() => {
  let sum = 0
  return VOCABULARY.map((_, r) => (sum += 1 / (r + 1)))
})()
const word = (rand: () => number): string => {
  const x = rand() * CUMULATIVE[CUMULATIVE.length - 1]!
  let lo = 0
  let hi = CUMULATIVE.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (CUMULATIVE[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return VOCABULARY[lo]!
}
const sentence = (rand: () => number): string => Array.from({ length: 6 + Math.floor(rand() * 14) }, () => word(rand)).join(' ')

/** Queries of the search scenario: very common, common, rare and absent words, two words, a prefix. */
export const ARCHIVE_QUERIES = [
  'order',
  'parcel',
  'refund invoice',
  'damaged',
  'courier',
  'sku7919',
  'sku15838',
  'sku23757',
  'warehouse late',
  'nothingmatches',
  'track',
  'subscription cancel'
]

/** Writes one chat of the archive: a visitor, the chat with its first message, the rest, its end. */
export const writeArchiveChat = async (store: Store, i: number, perChat: number): Promise<void> => {
  const rand = prng(i + 1)
  const at = 1_700_000_000_000 + i * 60_000
  const id = `arch${i}`
  await store.createVisitor({ id: `vis${i}`, tokenHash: `hash${i}`, verified: 0, createdAt: at })
  await store.createChat(
    { id, visitorId: `vis${i}`, status: 'waiting', title: 'Chat', createdAt: at, firstText: 'x', tags: [], visitor: {} },
    { id: `${id}-0`, from: 'customer', parts: [{ type: 'text', text: sentence(rand) }], at }
  )
  for (let k = 1; k < perChat; k++)
    await store.appendMessage(id, {
      id: `${id}-${k}`,
      from: k % 2 ? 'agent' : 'customer',
      ...(k % 2 ? { name: 'Agent 0' } : {}),
      parts: [{ type: 'text', text: sentence(rand) }],
      at: at + k * 1000
    })
  await store.endChat(id, at + perChat * 1000)
}

/** The cache key: the store's sources (schema and writes) and the archive's size. */
const keyOf = (chats: number, perChat: number): string => {
  const h = createHash('sha1')
  const dir = join(process.cwd(), 'relay', 'store')
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort())
    h.update(f).update(readFileSync(join(dir, f)))
  h.update(readFileSync(join(process.cwd(), 'bench', 'relay-archive.ts')))
  return `archive-${chats}x${perChat}-${h.digest('hex').slice(0, 12)}.db`
}

/**
 * The path of the archive database (built from a copy of `template`, which holds the agents, if
 * not cached), and how long building took (0 when cached), ms. `progress` hears every 5%.
 */
export const archiveDatabase = async (
  template: string,
  chats: number,
  perChat: number,
  progress: (done: number) => void
): Promise<{ file: string; buildMs: number }> => {
  const cache = join(process.cwd(), 'node_modules', '.cache', 'parley-bench')
  mkdirSync(cache, { recursive: true })
  const file = join(cache, keyOf(chats, perChat))
  if (existsSync(file)) return { file, buildMs: 0 }
  for (const old of readdirSync(cache)) if (old.startsWith(`archive-${chats}x${perChat}-`)) rmSync(join(cache, old), { force: true })
  const t0 = performance.now()
  const building = file + '.building'
  rmSync(building, { force: true })
  copyFileSync(template, building)
  const store = openSqliteStore(building)
  // Many chats in flight at once, as on a busy relay (a store that groups commits can batch them).
  const width = 64
  let next = 0
  let done = 0
  const step = Math.max(1, Math.floor(chats / 20))
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < chats) {
        await writeArchiveChat(store, next++, perChat)
        if (++done % step === 0) progress(done)
      }
    })
  )
  await store.close()
  // Closing the last connection checkpoints the WAL; one left over moves with its database.
  if (existsSync(building + '-wal')) renameSync(building + '-wal', file + '-wal')
  rmSync(building + '-shm', { force: true })
  renameSync(building, file)
  return { file, buildMs: performance.now() - t0 }
}
