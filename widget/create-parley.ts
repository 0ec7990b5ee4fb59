// `createParley(options)`: wires the state machine to a transport, the session store, the other
// tabs, the UI and the event emitter, and returns the JS API. Everything that can fail is caught
// here: the host page never sees an exception from the widget.
import { h, render } from 'preact'
import {
  PROTOCOL_VERSION,
  randomId,
  type ChatMessage,
  type CustomerMsg,
  type RelayToCustomer,
  type SiteInfo
} from '../protocol/index.js'
import type { Parley, ParleyEvents, ParleyOptions } from './api.js'
import { createEmitter } from './emitter.js'
import { MAX_FILE_BYTES, prepareImage, uploadImage, type UploadError } from './images.js'
import { loadStrings, pickLocale } from './locale.js'
import { mount, type Mount } from './mount.js'
import { here, visitorInfo, watchPages } from './page.js'
import { createSessionStore } from './session-store.js'
import {
  canOpen,
  compose,
  initialState,
  newChat,
  offline,
  progressed,
  receive,
  refused,
  retry,
  uploaded,
  type ChatState,
  type Notice,
  type ShownMessage,
  type Step
} from './state.js'
import type { Strings } from './strings.js'
import { joinTabs, ping } from './tabs.js'
import { createTransport, socketUrl, type Transport } from './transport.js'
import { createTyping } from './typing.js'
import { App } from './ui/App.js'
import type { Actions, View } from './ui/actions.js'
import { grow } from './ui/Composer.js'

/** An agent's typing indicator goes out after this long without news (ms); the console repeats `on` every 3 s. */
export const AGENT_TYPING_STALE_MS = 10_000

/** Characters of the draft sent as the agent's live preview. */
export const PREVIEW_CHARS = 5000

/** Starts a widget: mounts it (once <body> exists), connects to the relay and returns the API. */
export const createParley = (o: ParleyOptions): Parley => {
  const { relay } = o
  const events = createEmitter<ParleyEvents>()
  const store = o.store ?? createSessionStore()
  let s: ChatState = initialState
  // The locale's strings: nothing is drawn before they are known.
  let t: Strings | undefined
  let lang = ''
  let site: SiteInfo = {}
  // The visitor token: made here and proposed in every hello (so a start resent after a lost
  // answer finds the same chat), stored only once the customer sends their first message.
  let token = randomId(24)
  let stored = false
  // Ids of outbox messages in the store.
  const kept = new Set<string>()
  // Ids of images being uploaded.
  const busy = new Set<string>()
  let draft = ''
  let identity: Extract<CustomerMsg, { type: 'identify' }> | undefined
  let attributes: Record<string, string> = {}
  let sentUrl = ''
  let tinted: string | undefined
  let transport: Transport | undefined
  let ui: Mount | undefined
  let dead = false
  let typingStale: ReturnType<typeof setTimeout> | undefined
  // Where focus goes back to when the window closes and there is no launcher.
  let back: HTMLElement | null = null
  const fab: View['fab'] = { current: null }

  const fail = (err: unknown) => {
    console.error(err)
    events.emit('error', { code: 'internal', message: String(err) })
  }

  // In `disabled` mode the window opens (to say nobody is there) once the relay has answered.
  const may = () => canOpen(s) || (o.availability === 'disabled' && s.ready)

  const paint = () => {
    if (!ui || !t) return
    try {
      const color = o.color || site.color
      if (color !== tinted) ui.tint((tinted = color))
      const v: View = {
        s,
        t,
        lang,
        title: o.title || site.title || t.title,
        greeting: site.greeting || t.hello,
        relay,
        left: o.position === 'left',
        theme: o.theme || 'auto',
        launcher: o.launcher !== false,
        disabled: o.availability === 'disabled',
        may: may(),
        a: actions,
        fab,
        grab
      }
      render(h(App, v), ui.root)
    } catch (err) {
      fail(err)
    }
  }

  // The outbox and the token in the store follow the state: written once the customer has sent
  // something, deleted once there is neither a chat nor anything unsent (after the relay answered).
  const save = () => {
    const pending = s.messages.filter((m) => m.sending)
    if (!s.chat && !pending.length) {
      if (stored && s.ready) {
        stored = false
        kept.clear()
        store.wipe()
      }
      return
    }
    if (!stored) {
      stored = true
      store.put('t', token)
    }
    for (const { id, parts, at, file } of pending)
      if (!kept.has(id)) {
        kept.add(id)
        store.put('o:' + id, { id, parts, at, file })
      }
    for (const id of kept)
      if (!pending.some((m) => m.id === id)) {
        kept.delete(id)
        store.del('o:' + id)
      }
  }

  // Uploads pending images, into the chat in progress only (the relay binds uploads to it).
  const pump = () => {
    if (s.chat && s.chat.status !== 'ended')
      for (const { id, file, url, sending } of s.messages)
        if (file && sending === 'pending' && !busy.has(id)) {
          busy.add(id)
          uploadImage(relay, token, file, (p) => set(progressed(s, id, p)))
            .then(
              (part) => {
                busy.delete(id)
                URL.revokeObjectURL(url!)
                run(uploaded(s, id, part))
              },
              // A refusal fails the message; a network error leaves it pending for the next try.
              (code: UploadError) => {
                busy.delete(id)
                if (code) set(refused(s, id, code as Notice))
              }
            )
            .catch(fail)
        }
  }

  // Moves to `next`, repaints, saves, and tells listeners what changed.
  const set = (next: ChatState, fresh: ChatMessage[] = []) => {
    if (dead) return
    const prev = s
    // The transcript restored on page load is history, not news.
    const news = prev.ready ? fresh : []
    const heard = news.filter((m) => m.from === 'agent').length
    if (heard && (!next.open || document.hidden)) {
      next = { ...next, unread: next.unread + heard }
      if (o.sound !== false && tabs.sounds()) ping()
    }
    s = next
    paint()
    save()
    pump()
    const { chat } = next
    if (next.ready && !prev.ready) events.emit('ready', undefined)
    if (next.available !== prev.available) events.emit('availability', next.available)
    if (chat && chat.status !== 'ended' && chat.id !== prev.chat?.id) events.emit('chat:start', chat)
    if (chat?.status === 'ended' && chat.id === prev.chat?.id && prev.chat.status !== 'ended') events.emit('chat:end', chat)
    if (next.unread !== prev.unread) events.emit('unread', next.unread)
    for (const m of news) events.emit('message', m)
  }

  const run = ({ s: next, out, fresh }: Step) => {
    set(next, fresh)
    for (const f of out) transport?.send(f)
  }

  // The page the customer is on, when it changed since it was last sent (the relay ignores repeats).
  const page = () => {
    const p = here()
    if (p.url !== sentUrl && transport?.send({ type: 'page', ...p })) sentUrl = p.url
  }

  // After every welcome and start: where the customer is and, into a chat, who they are.
  const introduce = () => {
    sentUrl = ''
    page()
    if (s.chat) {
      if (identity) transport?.send(identity)
      for (const _ in attributes) return transport?.send({ type: 'attributes', attributes })
    }
  }

  const frame = (f: RelayToCustomer) => {
    try {
      if (f.type === 'welcome' && f.site) site = f.site
      if (f.type === 'started') {
        if (f.token !== token) {
          token = f.token
          stored = false
        }
        tabs.tell({ token })
      }
      run(receive(s, f))
      if (f.type === 'welcome' || f.type === 'started') introduce()
      // An agent whose browser vanished mid-word must not type forever.
      if (f.type === 'typing') {
        clearTimeout(typingStale)
        typingStale = setTimeout(() => set({ ...s, typing: undefined }), AGENT_TYPING_STALE_MS)
      }
      if (f.type === 'error') events.emit('error', { code: f.code, message: f.message })
    } catch (err) {
      fail(err)
    }
  }

  const connect = () => {
    transport = (o.transport ?? createTransport(socketUrl(relay)))({
      hello: () => ({ type: 'hello', v: PROTOCOL_VERSION, token, after: s.lastSeq, visitor: visitorInfo() }),
      frame,
      down: () => set(offline(s))
    })
  }
  const reconnect = () => {
    transport?.close()
    set({ ...s, online: false })
    connect()
  }

  // The draft goes to agents as a live preview (in a chat) and into the store (once there is one).
  const typing = createTyping((on, text) => {
    if (text !== undefined && stored) store.put('d', text)
    if (s.chat && s.chat.status !== 'ended' && s.online)
      transport?.send({ type: 'typing', on, text: text?.slice(0, PREVIEW_CHARS) })
  })

  const open = () => {
    if (!may()) return false
    if (!s.open) {
      back = document.activeElement as HTMLElement | null
      set({ ...s, open: true, unread: document.hidden ? s.unread : 0 })
      tabs.tell({ read: true })
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

  // Forgets the session here (reset() in this tab or another): a new token, nothing stored.
  const forget = () => {
    close()
    if (s.chat && s.chat.status !== 'ended') events.emit('chat:end', { ...s.chat, status: 'ended' })
    typing.stop()
    token = randomId(24)
    stored = false
    kept.clear()
    draft = ''
    identity = undefined
    attributes = {}
    set(newChat(s))
    reconnect()
  }

  const tabs = joinTabs((news) => {
    // A chat started in another tab: this one joins it, unless it has a chat of its own.
    if (news.token && news.token !== token && !s.chat && !s.messages.length) {
      token = news.token
      stored = true
      reconnect()
    }
    if (news.read && s.unread) set({ ...s, unread: 0 })
    if (news.reset) forget()
  })

  const actions: Actions = {
    toggle,
    // Closing from inside the window gives focus back to the launcher, or to what opened it.
    close() {
      close()
      ;(fab.current || back)?.focus()
    },
    send(text) {
      typing.stop()
      draft = ''
      if (stored) store.put('d', '')
      run(compose(s, randomId(), [{ type: 'text', text }], Date.now()))
    },
    files(list) {
      for (const file of list)
        if (!/^image\//.test(file.type)) set({ ...s, notice: 'type' })
        else if (file.size > MAX_FILE_BYTES) set({ ...s, notice: 'too_large' })
        else
          prepareImage(file).then(
            (blob) => run(compose(s, randomId(), [], Date.now(), blob, URL.createObjectURL(blob))),
            () => set({ ...s, notice: 'type' })
          )
    },
    retry: (id) => run(retry(s, id)),
    input(text) {
      draft = text
      typing.input(text)
    },
    end() {
      typing.stop()
      transport?.send({ type: 'end' })
    },
    newChat: () => set(newChat(s))
  }

  // The composer's textarea, when it appears: the saved draft, then focus.
  const grab = (el: HTMLTextAreaElement | null) => {
    if (el) {
      el.value = draft
      grow(el)
      el.focus()
    }
  }

  let wanted = ''
  const setLocale = (l?: string) => {
    const want = (wanted = pickLocale(l))
    loadStrings(relay, want).then((strings) => {
      if (want !== wanted) return
      lang = want
      t = strings
      paint()
    })
  }
  setLocale(o.locale)

  const start = () => {
    if (dead || ui) return
    ui = mount(o)
    paint()
  }
  if (o.parent || document.body) start()
  else addEventListener('DOMContentLoaded', start)

  // Any element of the page with `data-parley-open` opens the chat.
  const click = (e: Event) => {
    const el = (e.target as Element | null)?.closest?.('[data-parley-open]')
    if (el) {
      open()
      back = el as HTMLElement
    }
  }
  document.addEventListener('click', click)
  // Coming back to a tab where the window is open: the customer sees the messages now.
  const seen = () => !document.hidden && s.open && s.unread && set({ ...s, unread: 0 })
  document.addEventListener('visibilitychange', seen)
  const unwatch = watchPages(page)

  // Nothing is connected before the store is read: the first hello must carry a stored token,
  // and unsent messages come back into the outbox.
  store.load().then((saved) => {
    if (dead) return
    if (typeof saved.t === 'string') {
      token = saved.t
      stored = true
    }
    draft = saved.d || ''
    const outbox: ShownMessage[] = []
    for (const k in saved)
      if (k.startsWith('o:')) {
        const { id, parts, at, file } = saved[k]
        kept.add(id)
        outbox.push({ id, chatId: '', seq: 0, from: 'customer', parts, at, sending: 'pending', file, url: file && URL.createObjectURL(file) })
      }
    s = { ...s, messages: outbox.sort((a, b) => a.at - b.at) }
    connect()
  }, fail)

  // Every method is wrapped: a bad argument from the page becomes an error event, never a throw.
  const safe =
    <A extends unknown[], R>(f: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return f(...args)
      } catch (err) {
        fail(err)
        return undefined as R
      }
    }

  return {
    open: safe(() => !dead && open()),
    close: safe(close),
    toggle: safe(() => !dead && toggle()),
    isOpen: () => s.open,
    isAvailable: () => s.available,
    unreadCount: () => s.unread,
    on: events.on,
    off: events.off,
    identify: safe(({ id, name, email, hash }) => {
      identity = { type: 'identify', id, name, email, hash }
      if (s.chat) transport?.send(identity)
    }),
    setAttributes: safe((a) => {
      const fresh: Record<string, string> = {}
      for (const k in a) fresh[k] = attributes[k] = String(a[k]).slice(0, 1000)
      if (s.chat) transport?.send({ type: 'attributes', attributes: fresh })
    }),
    setLocale: safe(setLocale),
    reset: safe(() => {
      if (s.chat && s.chat.status !== 'ended') transport?.send({ type: 'end' })
      store.wipe()
      tabs.tell({ reset: true })
      forget()
    }),
    destroy: safe(() => {
      if (dead) return
      typing.stop()
      dead = true
      clearTimeout(typingStale)
      transport?.close()
      tabs.close()
      unwatch()
      removeEventListener('DOMContentLoaded', start)
      document.removeEventListener('click', click)
      document.removeEventListener('visibilitychange', seen)
      if (ui) render(null, ui.root)
      ui?.remove()
      ui = undefined
    })
  }
}
