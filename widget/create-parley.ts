// `createParley(options)`: wires the state machine to a transport, a session store, the UI and
// the event emitter, and returns the JS API. Everything that can fail is caught here: the host
// page never sees an exception from the widget.
import { h, render, type RefObject } from 'preact'
import { PROTOCOL_VERSION, randomId, type ChatMessage, type RelayToCustomer } from '../protocol/index.js'
import type { Parley, ParleyEvents, ParleyOptions } from './api.js'
import { createEmitter } from './emitter.js'
import { mount, type Mount } from './mount.js'
import { createSessionStore } from './session-store.js'
import {
  canOpen,
  compose,
  initialState,
  newChat,
  offline,
  receive,
  retry,
  type ChatState,
  type Step
} from './state.js'
import { en } from './strings.js'
import { createTransport, socketUrl, type Transport } from './transport.js'
import { createTyping } from './typing.js'
import { App } from './ui/App.js'
import type { Actions } from './ui/actions.js'
import { visitorInfo } from './visitor.js'

/** An agent's typing indicator goes out after this long without news (ms); the console repeats `on` every 3 s. */
export const AGENT_TYPING_STALE_MS = 10_000

/** The title when `data-title` is not given. */
export const DEFAULT_TITLE = 'Chat with us'

/** Starts a widget: mounts it (once <body> exists), connects to the relay and returns the API. */
export const createParley = (o: ParleyOptions): Parley => {
  const title = o.title || DEFAULT_TITLE
  const events = createEmitter<ParleyEvents>()
  const store = o.store ?? createSessionStore()
  let s: ChatState = initialState
  let token: string | undefined
  let transport: Transport | undefined
  let ui: Mount | undefined
  let dead = false
  let typingStale: ReturnType<typeof setTimeout> | undefined
  const fab: RefObject<HTMLButtonElement | null> = { current: null }

  const paint = () => {
    try {
      if (ui) render(h(App, { s, t: en, title, left: o.position === 'left', a: actions, fab }), ui.root)
    } catch (err) {
      console.error(err)
    }
  }

  // Moves to `next`, repaints, and tells listeners what changed.
  const set = (next: ChatState, fresh: ChatMessage[] = []) => {
    const prev = s
    s = next
    paint()
    const { chat } = next
    if (next.ready && !prev.ready) events.emit('ready', undefined)
    if (next.available !== prev.available) events.emit('availability', next.available)
    if (chat && chat.status !== 'ended' && chat.id !== prev.chat?.id) events.emit('chat:start', chat)
    if (chat?.status === 'ended' && chat.id === prev.chat?.id && prev.chat.status !== 'ended')
      events.emit('chat:end', chat)
    // The transcript restored on page load is history, not news.
    if (prev.ready) for (const m of fresh) events.emit('message', m)
  }

  const run = ({ s: next, out, fresh }: Step) => {
    set(next, fresh)
    for (const f of out) transport?.send(f)
  }

  const frame = (f: RelayToCustomer) => {
    try {
      if (f.type === 'started') store.set((token = f.token))
      // We offered a token and the relay has no chat for it: the session is gone.
      if (f.type === 'welcome' && token && !f.chat) {
        token = undefined
        store.del()
      }
      run(receive(s, f))
      // An agent whose browser vanished mid-word must not type forever.
      if (f.type === 'typing') {
        clearTimeout(typingStale)
        typingStale = setTimeout(() => set({ ...s, typing: undefined }), AGENT_TYPING_STALE_MS)
      }
      if (f.type === 'error') events.emit('error', { code: f.code, message: f.message })
    } catch (err) {
      console.error(err)
    }
  }

  const typing = createTyping((on) => transport?.send({ type: 'typing', on }))

  const open = () => {
    if (!canOpen(s)) return false
    if (!s.open) {
      set({ ...s, open: true })
      events.emit('open', undefined)
    }
    return true
  }
  const close = () => {
    if (!s.open) return
    typing.stop()
    set({ ...s, open: false })
    events.emit('close', undefined)
  }
  const toggle = () => (s.open ? (close(), false) : open())

  const actions: Actions = {
    toggle,
    // Closing from inside the window gives focus back to the launcher (not when the page calls close()).
    close() {
      close()
      fab.current?.focus()
    },
    send(text) {
      typing.stop()
      run(compose(s, randomId(), [{ type: 'text', text }], Date.now()))
    },
    retry: (id) => run(retry(s, id)),
    typing() {
      if (s.chat?.status !== 'ended' && s.chat && s.online) typing.input()
    },
    end() {
      typing.stop()
      transport?.send({ type: 'end' })
    },
    newChat: () => set(newChat(s))
  }

  const start = () => {
    if (dead || ui) return
    ui = mount(o.color, o.parent)
    paint()
  }
  if (o.parent || document.body) start()
  else addEventListener('DOMContentLoaded', start)

  // Nothing is connected before the stored token (if any) is known: the first hello must carry it.
  store
    .get()
    .catch(() => undefined)
    .then((t) => {
      token = t
      if (dead) return
      transport = (o.transport ?? createTransport(socketUrl(o.relay)))({
        hello: () => ({
          type: 'hello',
          v: PROTOCOL_VERSION,
          ...(token ? { token, after: s.lastSeq } : {}),
          visitor: visitorInfo()
        }),
        frame,
        down: () => set(offline(s))
      })
    })

  return {
    open,
    close,
    toggle,
    isOpen: () => s.open,
    isAvailable: () => s.available,
    on: events.on,
    off: events.off,
    destroy() {
      if (dead) return
      dead = true
      typing.stop()
      clearTimeout(typingStale)
      transport?.close()
      if (ui) render(null, ui.root)
      ui?.remove()
      removeEventListener('DOMContentLoaded', start)
    }
  }
}
