// `startChat(shell)`: the chat, started by the loader (../create-parley.ts) once a visitor wants
// it. It wires the state machine to the loader's socket, the session store, the other tabs, the
// Preact window and the loader's event emitter, and reports what the launcher shows. Everything
// that can fail is caught here: the host page never sees an exception from the widget.
import { h, render } from 'preact'
import { PROTOCOL_VERSION, type ChatMessage, type CustomerMsg, type RelayToCustomer, type SiteInfo } from '../../protocol/index.js'
import { MAX_FILE_BYTES } from '../images.js'
import { here, timeZone, visitorInfo } from '../page.js'
import type { Identity } from '../api.js'
import { checkAttributes } from '../attributes.js'
import { messagesOk } from '../frame.js'
import type { Chat, RawStrings, Shell } from '../shell.js'
import { canOpen, compose, initialState, newChat, offline, receive, retry, see, type ChatState, type Notice, type Step } from '../state.js'
import { toStrings, type Strings } from '../strings.js'
import { joinTabs } from '../tabs.js'
import type { Transport } from '../transport.js'
import type { Typing } from '../typing.js'
import type { Actions, FormState, Upload } from '../ui/actions.js'
import { grow } from '../ui/Composer.js'
import { Panel } from '../ui/Panel.js'
import type { FormsChat } from './form-verbs.js'
import type { FormsModule } from './forms-chunk.js'
import { preFields } from './forms.js'
import { createForms } from './load-forms.js'
import type { StoreModule } from './chunks.js'
import type { Keeper, Saved } from './keeper.js'
import { loadImages, loadSound, loadStore, storeChunk } from './load-chunk.js'
import { chatCss } from './styles.js'
import { followViewport } from './viewport.js'

/** An agent's typing indicator goes out after this long without news (ms); the console repeats `on` every 3 s. */
export const AGENT_TYPING_STALE_MS = 10_000

/** Characters of the draft sent as the agent's live preview. */
export const PREVIEW_CHARS = 5000

/** Starts the chat on the loader's shell and returns the API methods that need it. */
export const startChat = (shell: Shell): Chat => {
  const { o, relay, events, id: randomId, title } = shell
  // The window's own element beside the launcher (Preact renders into it alone).
  const root = shell.root.appendChild(document.createElement('div'))
  // A chunk that could not be fetched (after its tries), reported.
  const lost = (what: string) => () => events.emit('error', { code: 'internal', message: `Chat ${what} not loaded` })
  // The locale's texts as fetched, and as the chat reads them (the forms chunk's too once it is here).
  let raw = shell.strings
  let formsEn: FormsModule['formsEn'] | undefined
  let t: Strings = toStrings(raw)
  let site: SiteInfo = {}
  // The visitor token: the one the loader said hello with (proposed in every hello, so a start
  // resent after a lost answer finds the same chat), stored once the customer sends their first message.
  let token = shell.token
  // What keeps the session across page loads, on the page's store or the chunk's own (./keeper.ts), once the store chunk is here.
  let keeper: Keeper | undefined
  // Images on their way to the relay, shown in the composer until they are messages (the images chunk adds and takes them).
  const uploads: Upload[] = []
  let draft = ''
  let identity: CustomerMsg | undefined
  // Who identify() said the customer is (the pre-chat form skips it).
  let who: Identity = {}
  let attributes: Record<string, string> = {}
  let transport: Transport | undefined
  // The draft's preview for agents and the undo of the page watcher, once the store chunk is here.
  let typing: Typing | undefined
  let unwatch: (() => void) | undefined
  let dead = false
  let typingStale: ReturnType<typeof setTimeout> | undefined
  // Where focus goes back to when the window closes and there is no launcher.
  let back: Element | null = null
  const send = (f: CustomerMsg) => transport?.send(f)
  const form = (): FormState => ({ v: {}, e: {} })
  // A chat's end as the visitor finds it: nothing rated, no transcript asked for.
  const end = () => ({ rate: form(), mail: form() })
  // The forms (their verbs come with the forms chunk): the offline form, kept across a reload of
  // the page (sessionStorage, by the chunk) until it is sent; the pre-chat form, whose values go
  // with the chat's start, asked once; the ended chat's rating and transcript by email.
  const fc: FormsChat = {
    relay,
    off: form(),
    pf: form(),
    end: end(),
    t: () => t,
    send,
    paint: () => paint(),
    pre: () => pre(),
    title,
    sent: () => s.messages.filter((m) => !m.sending)
  }
  // Stops keeping the offline form across reloads (the forms chunk starts it when it arrives).
  let unkeep: (() => void) | undefined
  const inChat = () => s.chat && s.chat.status !== 'ended'
  shell.css(chatCss)
  // The forms chunk, fetched when a view needs it; its verbs below run only from its views.
  const forms = createForms(
    (m) => {
      shell.css(m.formsCss)
      t = toStrings(raw, (formsEn = m.formsEn))
      if (!dead) unkeep = m.keepLeave(fc)
    },
    // A chunk that arrives after destroy() draws nothing.
    () => dead || paint(),
    lost('forms')
  )
  // A verb of the forms chunk (its forms are drawn: it is here).
  const verb = (name: 'leave' | 'answer' | 'rate' | 'mail' | 'download') => () => forms.want()![name](fc)
  const viewport = followViewport(shell.host)

  let s: ChatState = initialState

  // The availability mode: the script tag's, else the site's.
  const mode = () => (o.availability || site.offline)!
  // In `disabled` mode the window opens (to say nobody is there) once the relay has answered; in `form` mode to the offline form.
  // size: compared as strings, as the loader does: `disabled` < e < `form` < h < `hide` (undefined is never less).
  const may = () => canOpen(s) || (s.ready && mode() < 'h')
  const pre = () => (fc.asked ? [] : preFields(site.preChat, who))

  const paint = () => {
    try {
      // The transcript goes by default to the address the visitor gave (pre-chat form, identify(), offline form).
      const { end, off, pf } = fc
      if (s.chat?.status === 'ended') end.mail.v.email ??= pf.v.email || who.email || off.v.email
      render(
        s.open &&
          h(Panel, {
            s,
            t,
            o,
            site,
            title: title(),
            up: uploads,
            a: actions,
            grab,
            leave: mode() === 'form' && !canOpen(s) && !s.chat,
            off,
            pre: pre(),
            pf,
            end,
            forms
          }),
        root
      )
      // size: the state as it is (ready, available, open, unread), with what the launcher works out of it.
      shell.face({ ...s, may: may(), off: mode() < 'e' && !s.available && !s.chat })
    } catch (err) {
      console.error(err)
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
      if (String(o.sound) !== 'false' && tabs.sounds()) loadSound().then((m) => m.ping(), lost('sound'))
    }
    s = next
    // The customer sees the agent's messages now: the relay hears it once (the other tabs too).
    if (s.open && !document.hidden) {
      const r = see(s)
      if (r.out[0] && send(r.out[0])) {
        s = r.s
        tabs.tell({ mark: s.read })
      }
    }
    paint()
    keep()

    const { chat } = next
    if (chat && chat.id !== prev.chat?.id && chat.status !== 'ended') events.emit('chat:start', chat)
    if (chat?.status === 'ended' && prev.chat?.id === chat.id && prev.chat.status !== 'ended') events.emit('chat:end', chat)
    if (next.unread !== prev.unread) events.emit('unread', next.unread)
    for (const m of news) events.emit('message', m)
  }

  // The store follows the state (./keeper.ts), once its chunk is here: that is fetched when the customer
  // has sent something or a chat is on screen, and catches up with the state when it arrives.
  const keep = () => {
    if (s.chat || s.messages.some((m) => m.sending)) running()
    keeper?.keep(s, token)
  }

  const run = ({ s: next, out, fresh }: Step) => {
    set(next, fresh)
    // A start carries the visitor's details again, now with the time zone the hello went without.
    // (Relays that do not read it yet keep the hello's.)
    // The pre-chat form's answers go with it.
    // size: as typed (the relay trims them, and drops what is empty).
    for (const f of out) send(f.type === 'start' ? { ...f, visitor: visitorInfo(), preChat: fc.asked ? fc.pf.v : undefined } : f)
  }

  // The page the customer is on, when it changed since it was last sent (the relay ignores repeats).
  let sentUrl: string | undefined
  const page = () => {
    const p = here()
    if (p.url !== sentUrl && send({ type: 'page', ...p })) sentUrl = p.url
  }

  // The store chunk, fetched once a chat is under way (the first message, a chat to resume or to
  // join), at once when it is here already: the session's keeper, on the page's store or the chunk's
  // own, the draft's preview and the page watcher (a page moved to before it came is sent at once).
  // One round of tries: after a failure nothing is stored, as when storage fails, and that is reported once.
  const arrived = (m: StoreModule) => {
    // Once: when the chunk is here already, its keep() below asks for it again.
    if (dead || keeper) return
    keeper = m.createKeeper(o.store)
    // The draft goes to agents as a live preview (in a chat, throttled).
    typing = m.createTyping((on, text) => {
      if (inChat() && s.online) send({ type: 'typing', on, text: text?.slice(0, PREVIEW_CHARS) })
    })
    unwatch = m.watchPages(page)
    page()
    keep()
  }
  let fetching: Promise<void> | undefined
  const running = () => (fetching ||= storeChunk ? Promise.resolve(arrived(storeChunk)) : loadStore().then(arrived, lost('store')))

  const frame = (f: RelayToCustomer) => {
    try {
      if (!messagesOk(f)) return
      const { type } = f
      if ((type === 'welcome' || type === 'site') && f.site) site = f.site
      // The transcript sent, or a refusal while it is being mailed: said in its form (the forms chunk
      // is here: it asked), a refusal not as the chat's notice.
      if (type === 'transcript' || (type === 'error' && !f.ref && fc.end.mail.busy)) {
        forms.want()?.mailed(fc, f)
        if (type === 'error') {
          events.emit('error', f)
          return paint()
        }
      }
      if (type === 'started') {
        token = f.token
        tabs.tell({ token })
      }
      run(receive(s, f))
      if (type === 'welcome' || type === 'started') {
        // The forms the window will show have their chunk at hand: fetched with the welcome when the
        // window opens to one (pre-chat questions, the offline form), while the visitor is still on
        // their way to the launcher; with a chat under way when its end offers a rating or transcript.
        if (s.chat ? site.ratings || site.transcript : pre()[0] || (mode() === 'form' && !s.available)) forms.want()
        // After every welcome and start: where the customer is. After every welcome: who they are,
        // which the relay holds (storing nothing) until a chat starts, so it starts with their name.
        sentUrl = undefined
        page()
        if (type === 'welcome') {
          if (identity) send(identity)
          for (const _ in attributes) return send({ type: 'attributes', attributes })
        }
      }
      // An agent whose browser vanished mid-word must not type forever.
      if (type === 'typing') {
        clearTimeout(typingStale)
        typingStale = setTimeout(() => set({ ...s, typing: undefined }), AGENT_TYPING_STALE_MS)
      }
      if (type === 'error') events.emit('error', f)
    } catch (err) {
      console.error(err)
    }
  }

  const connect = () => {
    transport?.close()
    transport = shell.transport({
      hello: () => ({ type: 'hello', v: PROTOCOL_VERSION, token, after: s.lastSeq, visitor: visitorInfo() }),
      frame,
      down() {
        // A transcript asked for on this socket is not coming: the visitor may ask again.
        fc.end.mail.busy = false
        set(offline(s))
      }
    })
  }

  const open = (from?: Element | null) => {
    if (!may()) return false
    if (!s.open) {
      timeZone()
      viewport.on()
      back = from || document.activeElement
      set({ ...s, open: true, unread: document.hidden ? s.unread : 0 })
      tabs.tell({ read: true })
      events.emit('open', undefined)
    }
    return true
  }
  const close = () => {
    if (s.open) {
      typing?.stop()
      viewport.off()
      set({ ...s, open: false })
      events.emit('close', undefined)
    }
  }
  const toggle = () => (s.open ? (close(), false) : open())

  // Forgets the session here (reset() in this tab or another): a new token, nothing stored.
  const forget = () => {
    close()
    if (inChat()) events.emit('chat:end', { ...s.chat!, status: 'ended' })
    token = randomId(24)
    keeper?.forget()
    draft = ''
    identity = undefined
    who = {}
    attributes = {}
    fc.end = end()
    set({ ...newChat(s), online: false })
    connect()
  }

  const tabs = joinTabs((news) => {
    // A chat started in another tab: this one joins it, unless it has a chat of its own.
    if (news.token && !s.chat && !s.messages.length) {
      token = news.token
      connect()
    }
    if (news.read && s.unread) set({ ...s, unread: 0 })
    if (news.mark! > s.read) s = { ...s, read: news.mark! }
    if (news.reset) forget()
  })

  const actions: Actions = {
    // Closing from inside the window gives focus back to the launcher, or to what opened it.
    close() {
      close()
      ;((shell.fab?.isConnected && shell.fab) || (back as HTMLElement | null))?.focus()
    },
    send(text) {
      // Stopped before sending: the relay would refuse it (the draft stays to be shortened).
      if (text.length > s.maxText) {
        set({ ...s, notice: 'too_large' })
        return false
      }
      typing?.stop()
      draft = ''
      keeper?.draft(draft)
      run(compose(s, randomId(), [{ type: 'text', text }], Date.now()))
      return true
    },
    // Each image is uploaded (into the chat in progress: the relay binds uploads to it), then sent
    // as a message of its own, which from then on is like any other: outbox, retry, catch-up.
    files(list) {
      const say = (notice: Notice) => set({ ...s, notice })
      for (const file of list)
        if (!inChat()) say('no_chat')
        else if (file.size > MAX_FILE_BYTES) say('too_large')
        // The images chunk comes with the first image (a failed fetch is said and reported; the next image tries again).
        else
          loadImages().then(
            (m) => m.sendImage(file, relay, token, uploads, paint, (part) => run(compose(s, randomId(), [part], Date.now())), say),
            () => {
              say('oops')
              lost('images')()
            }
          )
    },
    retry: (id) => run(retry(s, id)),
    // Every keystroke's draft is stored (once something is): a reload a moment later keeps it all.
    input(text) {
      draft = text
      typing?.input(text)
      keeper?.draft(text)
    },
    end() {
      typing?.stop()
      send({ type: 'end' })
    },
    newChat() {
      fc.end = end()
      set(newChat(s))
    },
    leave: verb('leave'),
    pre: verb('answer'),
    rate: verb('rate'),
    paint,
    mail: verb('mail'),
    download: verb('download')
  }

  // The composer's textarea, when it appears: the saved draft, then focus.
  const grab = (el: HTMLTextAreaElement | null) => {
    if (el) {
      el.value = draft
      grow(el)
      el.focus()
    }
  }

  // Coming back to a tab where the window is open: the customer sees the messages now.
  const seen = () => !document.hidden && s.open && s.unread && set({ ...s, unread: 0 })
  document.addEventListener('visibilitychange', seen)

  // With a session stored, nothing is connected before it is read: the first hello must carry the
  // stored token, and unsent messages come back into the outbox.
  if (shell.stored)
    running()
      .then(() => keeper?.load())
      .then(({ t = token, d = '', o: messages }: Saved = { o: [] }) => {
        if (dead) return
        token = t
        draft = d
        s = { ...s, messages }
        connect()
      })
  else connect()

  // The loader wraps every method: none of these throws into the host page.
  return {
    open,
    close,
    toggle,
    identify({ id, name, email, hash, token }) {
      who = { name, email }
      identity = { type: 'identify', id, name, email, hash, token }
      send(identity)
    },
    setAttributes(a) {
      const { ok, error } = checkAttributes(a, new Set(Object.keys(attributes)))
      if (error) events.emit('error', error)
      Object.assign(attributes, ok)
      send({ type: 'attributes', attributes: ok })
    },
    reset() {
      if (inChat()) send({ type: 'end' })
      tabs.tell({ reset: true })
      forget()
      // The store chunk comes for it when it is not here (another tab may have stored the session).
      keeper ? keeper.wipe() : running().then(() => keeper?.wipe())
    },
    strings(r: RawStrings) {
      t = toStrings((raw = r), formsEn)
      paint()
    },
    destroy() {
      typing?.stop()
      dead = true
      clearTimeout(typingStale)
      transport?.close()
      tabs.close()
      unwatch?.()
      viewport.off()
      document.removeEventListener('visibilitychange', seen)
      unkeep?.()
      render(null, root)
    }
  }
}
