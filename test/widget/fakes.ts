// Stand-ins for the widget's two injectable edges (the relay connection and the session store),
// plus frame builders and a helper that starts a widget on them.
import { afterEach, vi } from 'vitest'
import type { ChatMessage, CustomerChat, CustomerMsg, RelayToCustomer } from '../../protocol/index.js'
import { loadStore } from '../../widget/chat/load-chunk.js'
import { prefetchForms } from '../../widget/chat/load-forms.js'
import { createParley, prefetchChat } from '../../widget/create-parley.js'
import type { Parley, WidgetOptions as ParleyOptions } from '../../widget/api.js'
import type { SessionStore } from '../../widget/session-store.js'
import type { TransportFactory, TransportHandlers } from '../../widget/transport.js'

/** A transport the test drives: `connect()` is the socket opening (the hello lands in `sent`). */
export const fakeTransport = () => {
  let h: TransportHandlers | undefined
  let open = false
  const sent: CustomerMsg[] = []
  const factory: TransportFactory = (handlers) => {
    h = handlers
    return {
      send: (msg) => open && sent.push(msg) > 0,
      close: () => {
        open = false
        fake.closed = true
      }
    }
  }
  const handlers = () => {
    if (!h) throw new Error('the widget has not opened its transport yet')
    return h
  }
  const fake = {
    factory,
    sent,
    closed: false,
    /** Whether the widget has opened the transport (it first reads the stored token). */
    get opened() {
      return h !== undefined
    },
    connect() {
      open = true
      sent.push(handlers().hello())
    },
    deliver(...frames: RelayToCustomer[]) {
      for (const f of frames) handlers().frame(f)
    },
    drop() {
      open = false
      handlers().down(1006)
    },
    /** Frames sent of one type. */
    of<T extends CustomerMsg['type']>(type: T) {
      return sent.filter((m): m is Extract<CustomerMsg, { type: T }> => m.type === type)
    },
    last() {
      return sent[sent.length - 1]
    }
  }
  return fake
}

/** The fake transport's type. */
export type FakeTransport = ReturnType<typeof fakeTransport>

/** A session store in memory; `writes` counts put/del/wipe calls (storage is consent-sensitive). */
export const memoryStore = (token?: string, more: Record<string, unknown> = {}) => {
  const data = new Map<string, unknown>(Object.entries(token ? { t: token, ...more } : more))
  const store: SessionStore & { data: Map<string, unknown>; writes: number; readonly token?: string } = {
    data,
    writes: 0,
    get token() {
      return data.get('t') as string | undefined
    },
    load: async () => Object.fromEntries(data),
    async put(k, v) {
      store.writes++
      data.set(k, v)
    },
    async del(k) {
      store.writes++
      data.delete(k)
    },
    async wipe() {
      store.writes++
      data.clear()
    }
  }
  return store
}

/** Lets pending promises and timers at 0 ms run. */
export const tick = async (times = 3) => {
  for (let i = 0; i < times; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/** A customer chat. */
export const chat = (over: Partial<CustomerChat> = {}): CustomerChat => ({
  id: 'chat1',
  status: 'waiting',
  position: 1,
  lastSeq: 1,
  ...over
})

/** A committed message of chat1. */
export const msg = (seq: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: 'm' + seq,
  chatId: 'chat1',
  seq,
  from: 'agent',
  name: 'Alice',
  parts: [{ type: 'text', text: 'message ' + seq }],
  at: Date.UTC(2025, 0, 1, 12, seq),
  ...over
})

/** The relay's answer to hello. */
export const welcome = (available: boolean, c: CustomerChat | null = null, messages: ChatMessage[] = []): RelayToCustomer => ({
  type: 'welcome',
  v: 1,
  available,
  chat: c,
  messages
})

/** Starts a widget on a fake transport and a memory store, connected but not yet welcomed. */
export const startWidget = async (opts: { token?: string; stored?: Record<string, unknown> } & Partial<ParleyOptions> = {}) => {
  // The chat and its forms and store chunks are fetched once, so that opening (and storing) is synchronous as it is on a
  // page where they have loaded (a store chunk that cannot be fetched is tried again by the chat).
  await prefetchChat()
  await prefetchForms()
  await loadStore().catch(() => {})
  const t = fakeTransport()
  const store = memoryStore(opts.token, opts.stored)
  const parley: Parley = createParley({ relay: 'https://relay.test', title: 'Chat with us', transport: t.factory, store, ...opts })
  // The widget starts after the page's next frame, then reads the store (a chat in progress comes at idle time).
  for (let i = 0; i < 100 && !t.opened; i++) await tick(1)
  await tick()
  t.connect()
  const shadow = () => {
    const host = document.querySelector('parley-chat')
    if (!host?.shadowRoot) throw new Error('no widget host element on the page')
    return host.shadowRoot
  }
  return {
    parley,
    t,
    store,
    shadow,
    /** The one element matching `selector` inside the widget, or null. */
    find: <E extends Element = HTMLElement>(selector: string) => shadow().querySelector<E>(selector),
    /** All text the customer can read in the widget. */
    text: () => shadow().textContent ?? ''
  }
}

/** A widget started by {@link startWidget}, with its fake transport and store. */
export type Widget = Awaited<ReturnType<typeof startWidget>>

/**
 * Registers an `afterEach` that destroys the test's widget, empties the page and sessionStorage and
 * restores mocks; returns {@link startWidget}, remembering the widget it starts for that clean-up.
 */
export const widgetPerTest = () => {
  let current: Parley | undefined
  afterEach(() => {
    current?.destroy()
    current = undefined
    document.body.innerHTML = ''
    sessionStorage.clear()
    vi.restoreAllMocks()
  })
  return async (opts: Parameters<typeof startWidget>[0] = {}): Promise<Widget> => {
    const w = await startWidget(opts)
    current = w.parley
    return w
  }
}
