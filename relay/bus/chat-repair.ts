// The repair layer of a bus that can lose events (Redis Pub/Sub is at-most-once). The store is the
// log: every chat message has a per-chat `seq`, so for each chat with local followers this node
// remembers the highest `seq` it delivered and fills in from the store whatever did not arrive:
//   1. a gap on receipt (seq n+2 arrives, n+1 did not) is fetched shortly after;
//   2. after the bus came back (`onResync`: Redis restarted, the subscription was dropped), every
//      followed chat is compared with the store at once;
//   3. a periodic position check catches tail loss (the last message of a burst, or a node that
//      died between its commit and its publish): every `everyMs`, every `downEveryMs` while the
//      bus is down, so a Redis outage costs latency, never messages.
// It never holds back or drops an event: repaired messages may arrive twice or out of order, and
// clients already order and dedupe by `seq` (the widget and console sort by it and ask for gaps).
import type { ChatMessage } from '../../protocol/index.js'
import type { HubEvent } from '../hub/events.js'
import type { Bus, Unsubscribe } from './bus.js'

/** What the repair reads from the store. */
export interface RepairSource {
  /** the chat's highest stored `seq`; undefined when it is gone */
  lastSeq(chatId: string): Promise<number | undefined>
  /** stored messages of a chat after `after`, in `seq` order, at most `limit` */
  messagesAfter(chatId: string, after: number, limit: number): Promise<ChatMessage[]>
}

/** Timings of the repair, ms. */
export interface RepairTimings {
  /** position check while the bus is up (default 5000) */
  everyMs: number
  /** position check while it is down (default 1000) */
  downEveryMs: number
  /** how long a gap may stay open before the store is asked (default 100: a cross-node reorder closes by itself) */
  gapMs: number
}

const CHAT = 'chat:'
/** Messages fetched per chat per repair (more come at the next check). */
const BATCH = 500

/** Wraps `bus` (which must implement `onResync` and `health`); `onError` hears failed store reads. */
export const withChatRepair = (bus: Bus, source: RepairSource, o: Partial<RepairTimings> & { onError?: (err: unknown) => void } = {}): Bus => {
  const t = { everyMs: 5000, downEveryMs: 1000, gapMs: 100, ...o }
  const onError = o.onError ?? (() => {})
  interface Followed {
    handlers: Set<(e: HubEvent) => void>
    inner: Unsubscribe
    /** highest seq delivered to this node's followers (or known to be in their history) */
    delivered: number
    gap?: NodeJS.Timeout
    running?: Promise<void>
  }
  const chats = new Map<string, Followed>()

  const deliver = (f: Followed, e: HubEvent) => {
    for (const h of [...f.handlers]) h(e)
  }
  /** Fetches and delivers what the store has beyond `delivered` (one repair per chat at a time). */
  const repair = (chatId: string, f: Followed): Promise<void> =>
    (f.running ??= (async () => {
      try {
        const last = await source.lastSeq(chatId)
        if (last === undefined || last <= f.delivered) return
        for (const message of await source.messagesAfter(chatId, f.delivered, BATCH)) {
          if (chats.get(chatId) !== f) return
          if (message.seq <= f.delivered) continue
          f.delivered = message.seq
          deliver(f, { kind: 'message', message })
        }
      } catch (err) {
        onError(err)
      } finally {
        f.running = undefined
      }
    })())
  const checkAll = () => Promise.all([...chats].map(([id, f]) => repair(id, f))).then(() => undefined)

  const stopResync = bus.onResync?.(() => void checkAll())
  let timer: NodeJS.Timeout | undefined
  const tick = () => {
    const down = bus.health?.().remote === 'down'
    timer = setTimeout(
      () => {
        void checkAll().finally(() => {
          if (timer) tick()
        })
      },
      down ? t.downEveryMs : t.everyMs
    )
    timer.unref()
  }
  tick()

  return {
    ...bus,
    subscribe(topic, handler): Unsubscribe {
      if (!topic.startsWith(CHAT)) return bus.subscribe(topic, handler)
      const chatId = topic.slice(CHAT.length)
      let f = chats.get(chatId)
      let ready: Promise<void>
      if (!f) {
        // The baseline is read before subscribing, and `ready` waits for it: a follower reads its
        // history after `ready`, so everything above the baseline reaches it or is repaired.
        const baseline = source.lastSeq(chatId)
        const mine: Followed = {
          handlers: new Set(),
          delivered: 0,
          inner: bus.subscribe(topic, (e) => {
            if (e.kind === 'message') {
              const seq = e.message.seq
              if (seq > mine.delivered + 1 && !mine.gap) {
                mine.gap = setTimeout(() => {
                  mine.gap = undefined
                  if (chats.get(chatId) === mine) void repair(chatId, mine)
                }, t.gapMs)
                mine.gap.unref()
              }
              if (seq > mine.delivered) mine.delivered = seq
            }
            deliver(mine, e)
          })
        }
        f = mine
        chats.set(chatId, f)
        ready = Promise.all([f.inner.ready, baseline.then((seq) => void (mine.delivered = Math.max(mine.delivered, seq ?? 0)))]).then(
          () => undefined,
          (err: unknown) => onError(err)
        )
      } else ready = f.inner.ready ?? Promise.resolve()
      const mine = f
      mine.handlers.add(handler)
      return Object.assign(
        () => {
          mine.handlers.delete(handler)
          if (mine.handlers.size || chats.get(chatId) !== mine) return
          chats.delete(chatId)
          clearTimeout(mine.gap)
          mine.inner()
        },
        { ready }
      )
    },
    async close() {
      clearTimeout(timer)
      timer = undefined
      stopResync?.()
      for (const f of chats.values()) clearTimeout(f.gap)
      chats.clear()
      await bus.close()
    }
  }
}
