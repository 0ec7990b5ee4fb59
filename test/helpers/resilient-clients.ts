// Customers and agents that behave like the real widget and console under failure: they keep an
// outbox of unacknowledged messages, reconnect when their socket drops, say hello with what they
// already have, resend the outbox with the same client ids, and fetch gaps in the sequence. Used by
// the delivery property test, the crash test and the soak bench. Connections can be dropped on
// purpose (`drop()` terminates the TCP connection without a close handshake).
import type { IncomingHttpHeaders } from 'node:http'
import WebSocket from 'ws'
import { applyPanelDelta, checkSummary, PROTOCOL_VERSION, randomId, type ChatMessage, type VersionedPanel } from '../../protocol/index.js'

type Frame = { type: string; [k: string]: any }

/** One message a party sent: when, and what the relay answered. */
export interface Sent {
  id: string
  text: string
  /** ms, performance.now() of the first attempt */
  sentAt: number
  seq?: number
}

/** A chat transcript as one party sees it: messages by seq, plus what it noticed was wrong. */
export class Transcript {
  readonly bySeq = new Map<number, ChatMessage>()
  /** contradictions: one seq with two different messages, one id acknowledged with two seqs */
  readonly violations: string[] = []
  /** highest seq up to which nothing is missing */
  contiguous = 0
  /** a sync for this chat is on its way (one at a time, or a gap would send one per message) */
  syncing = false

  /** Merges one message; returns true when it is new. */
  add(m: ChatMessage): boolean {
    const had = this.bySeq.get(m.seq)
    if (had) {
      if (had.id !== m.id) this.violations.push(`seq ${m.seq} was ${had.id} and then ${m.id}`)
      return false
    }
    this.bySeq.set(m.seq, m)
    while (this.bySeq.has(this.contiguous + 1)) this.contiguous++
    return true
  }

  /** Whether a seq above the contiguous prefix has arrived (something in between is missing). */
  hasGap(): boolean {
    return this.bySeq.size > this.contiguous
  }

  /** The message ids in seq order. */
  ids(): string[] {
    return [...this.bySeq.keys()].sort((a, b) => a - b).map((s) => this.bySeq.get(s)!.id)
  }
}

/** What both kinds of client share. */
interface Options {
  /** ws://host:port */
  wsUrl: string
  /** several nodes (cluster mode, no load balancer): each connection attempt goes to the next one */
  wsUrls?: string[]
  /** headers for the upgrade (the agent's cookie) */
  headers?: Record<string, string>
  /** ms before a reconnect attempt; default 20–70 */
  reconnectDelayMs?: () => number
  /** called with each message the first time this client sees it (delivery latency) */
  onMessage?: (m: ChatMessage, at: number) => void
  /** called with the headers of every accepted upgrade (which node a load balancer picked) */
  onUpgrade?: (headers: IncomingHttpHeaders) => void
}

abstract class Resilient {
  ws: WebSocket | undefined
  protected stopped = false
  protected helloed = false
  /** sockets opened, the first one included */
  connects = 0
  errors: Frame[] = []
  /** how often the socket closed with each close code (1006: dropped without a close frame) */
  readonly closeCodes = new Map<number, number>()
  /** client ids the relay refused for good (ended, forbidden…), with the code */
  readonly refused = new Map<string, string>()
  private waiters: (() => void)[] = []
  private retry: NodeJS.Timeout | undefined

  constructor(
    protected readonly path: string,
    protected readonly options: Options
  ) {}

  /** Opens the socket (and reopens it after every drop until `stop()`). */
  start(): void {
    if (this.stopped || (this.ws && this.ws.readyState <= WebSocket.OPEN)) return
    this.helloed = false
    const urls = this.options.wsUrls
    const ws = new WebSocket((urls?.length ? urls[this.connects % urls.length]! : this.options.wsUrl) + this.path, { headers: this.options.headers ?? {} })
    this.ws = ws
    this.connects++
    if (this.options.onUpgrade) ws.on('upgrade', (res) => this.options.onUpgrade!(res.headers))
    ws.on('open', () => ws.send(JSON.stringify(this.hello())))
    ws.on('message', (data) => this.receive(JSON.parse(data.toString()) as Frame))
    ws.on('error', () => undefined)
    ws.on('close', (code) => {
      this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1)
      if (this.ws !== ws) return
      this.helloed = false
      if (!this.stopped) setTimeout(() => this.start(), this.options.reconnectDelayMs?.() ?? 20 + Math.random() * 50)
    })
  }

  /** Drops the connection abruptly (no close handshake); the client reconnects by itself. */
  drop(): void {
    this.ws?.terminate()
  }

  /** Closes for good. */
  stop(): void {
    this.stopped = true
    clearTimeout(this.retry)
    this.ws?.terminate()
  }

  /** Whether the socket is open and welcomed. */
  get ready(): boolean {
    return this.helloed && this.ws?.readyState === WebSocket.OPEN
  }

  protected sendFrame(f: object): boolean {
    if (!this.ready) return false
    this.ws!.send(JSON.stringify(f))
    return true
  }

  protected changed(): void {
    for (const w of this.waiters.splice(0)) w()
  }

  /** Frames not acknowledged yet. */
  protected abstract pending(): { id: string; frame: object }[]

  /** Asks again for whatever is missing (after a reconnect or a refusal). */
  protected abstract catchUp(): void

  /** Sends every unacknowledged frame again (after a reconnect, or a while after `rate_limited`). */
  protected resend(): void {
    for (const o of this.pending()) this.sendFrame(o.frame)
  }

  /**
   * An error frame: `rate_limited` means "later" (everything pending is resent after a second);
   * a refusal naming a message (ended, forbidden…) is final for that message.
   */
  protected failed(f: Frame): void {
    this.errors.push(f)
    if (f.code === 'rate_limited' || f.code === 'internal') {
      this.retry ??= setTimeout(() => {
        this.retry = undefined
        this.resend()
        this.catchUp()
      }, 1000)
      return
    }
    if (typeof f.ref === 'string') {
      const i = this.pending().findIndex((o) => o.id === f.ref)
      if (i >= 0) {
        this.pending().splice(i, 1)
        this.refused.set(f.ref, f.code)
      }
    }
  }

  /** Resolves once `test()` holds (checked after every frame), or rejects after `timeoutMs`. */
  until(test: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
    if (test()) return Promise.resolve()
    return new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`${this.path}: ${what} not reached within ${timeoutMs} ms`)), timeoutMs)
      const check = () => {
        if (test()) {
          clearTimeout(timer)
          ok()
        } else this.waiters.push(check)
      }
      this.waiters.push(check)
    })
  }

  protected abstract hello(): object
  protected abstract receive(f: Frame): void
}

/** A customer with one chat. The token is proposed by the client before the first start (as the widget does), so a start whose answer was lost is resent idempotently. */
export class ResilientCustomer extends Resilient {
  /** proposed before the first start, so a resent start finds the same visitor */
  readonly token = randomId(24)
  chatId: string | undefined
  chatStatus: string | undefined
  available = false
  readonly transcript = new Transcript()
  readonly sent: Sent[] = []
  /** frames not acknowledged yet, in the order they were written */
  readonly outbox: { id: string; frame: object }[] = []
  /** client id → seq of every ack received */
  readonly acks = new Map<string, number>()

  constructor(options: Options) {
    super('/ws/customer', options)
  }

  protected pending() {
    return this.outbox
  }

  protected catchUp() {
    this.transcript.syncing = false
    if (this.transcript.hasGap()) this.gap()
  }

  private gap() {
    if (this.transcript.syncing) return
    this.transcript.syncing = true
    this.sync()
  }

  protected hello() {
    return { type: 'hello', v: PROTOCOL_VERSION, token: this.token, after: this.transcript.contiguous }
  }

  /** Writes a message: the chat's first one starts it. Resent after every reconnect until acknowledged. */
  say(text: string): Sent {
    const id = randomId()
    const parts = [{ type: 'text', text }]
    const frame = this.sent.length === 0 ? { type: 'start', id, parts } : { type: 'send', id, parts }
    const s: Sent = { id, text, sentAt: performance.now() }
    this.sent.push(s)
    this.outbox.push({ id, frame })
    this.sendFrame(frame)
    return s
  }

  /** Resolves when every message written so far is acknowledged. */
  settled(timeoutMs?: number): Promise<void> {
    return this.until(() => this.outbox.length === 0 && this.ready, timeoutMs, 'every message acknowledged')
  }

  /** Asks for everything after the contiguous prefix. */
  sync(): void {
    if (this.chatId) this.sendFrame({ type: 'sync', after: this.transcript.contiguous })
  }

  protected receive(f: Frame): void {
    switch (f.type) {
      case 'welcome':
        this.helloed = true
        this.transcript.syncing = false
        this.available = f.available
        if (f.chat) {
          this.chatId = f.chat.id
          this.chatStatus = f.chat.status
        }
        this.merge(f.messages)
        // Resend in order; the relay answers a known id with its original seq.
        this.resend()
        break
      case 'availability':
        this.available = f.available
        break
      case 'started':
        this.chatId = f.chat.id
        this.chatStatus = f.chat.status
        break
      case 'chat':
        this.chatStatus = f.chat.status
        break
      case 'ack':
        this.ack(f.id, f.seq)
        break
      case 'message':
        this.merge([f.message])
        break
      case 'history':
        this.transcript.syncing = false
        this.merge(f.messages)
        break
      case 'error':
        this.failed(f)
        break
    }
    this.changed()
  }

  private ack(id: string, seq: number) {
    const before = this.acks.get(id)
    if (before !== undefined && before !== seq) this.transcript.violations.push(`${id} acknowledged as ${before} and then ${seq}`)
    this.acks.set(id, seq)
    const i = this.outbox.findIndex((o) => o.id === id)
    if (i >= 0) this.outbox.splice(i, 1)
    const s = this.sent.find((x) => x.id === id)
    if (s) s.seq = seq
  }

  private merge(messages: ChatMessage[]) {
    const now = performance.now()
    for (const m of messages) if (this.transcript.add(m)) this.options.onMessage?.(m, now)
    if (this.transcript.hasGap()) this.gap()
  }
}

/** An agent: switches on, answers chats (all waiting ones when `autoAccept`), writes into them. */
export class ResilientAgent extends Resilient {
  readonly chats = new Map<string, Transcript>()
  readonly sent: (Sent & { chatId: string })[] = []
  readonly outbox: { id: string; chatId: string; frame: object }[] = []
  readonly acks = new Map<string, number>()
  waiting: string[] = []
  on = false
  me: string | undefined
  /** when this agent last tried to answer each chat */
  private readonly tried = new Map<string, number>()

  constructor(
    options: Options & { cookie: string },
    private readonly autoAccept = true
  ) {
    super('/ws/agent', { ...options, headers: { cookie: options.cookie, ...options.headers } })
  }

  protected hello() {
    return { type: 'hello', v: PROTOCOL_VERSION }
  }

  protected pending() {
    return this.outbox
  }

  protected catchUp() {
    for (const [chatId, t] of this.chats) {
      t.syncing = false
      if (t.hasGap()) this.gap(chatId, t)
    }
  }

  private gap(chatId: string, t: Transcript) {
    if (t.syncing) return
    t.syncing = true
    this.sendFrame({ type: 'sync', chatId, after: t.contiguous })
  }

  private transcript(chatId: string): Transcript {
    let t = this.chats.get(chatId)
    if (!t) this.chats.set(chatId, (t = new Transcript()))
    return t
  }

  /** Writes into one of the agent's chats; resent after every reconnect until acknowledged. */
  say(chatId: string, text: string): Sent {
    const id = randomId()
    const frame = { type: 'send', chatId, id, parts: [{ type: 'text', text }] }
    const s = { id, chatId, text, sentAt: performance.now() }
    this.sent.push(s)
    this.outbox.push({ id, chatId, frame })
    this.sendFrame(frame)
    return s
  }

  /** Answers a waiting chat. */
  accept(chatId: string): void {
    this.sendFrame({ type: 'accept', chatId })
  }

  /** Resolves when every message written so far is acknowledged. */
  settled(timeoutMs?: number): Promise<void> {
    return this.until(() => this.outbox.length === 0 && this.ready, timeoutMs, 'every message acknowledged')
  }

  /** Asks for everything after the contiguous prefix of each chat. */
  syncAll(): void {
    for (const [chatId, t] of this.chats) this.sendFrame({ type: 'sync', chatId, after: t.contiguous })
  }

  protected receive(f: Frame): void {
    switch (f.type) {
      case 'welcome':
        this.helloed = true
        this.me = f.me.id
        this.on = f.me.on
        if (!f.me.on) this.ws!.send(JSON.stringify({ type: 'status', on: true }))
        for (const c of f.mine) this.transcript(c.id)
        this.held = { pv: f.pv, panel: f.panel }
        this.panel(f.panel)
        for (const t of this.chats.values()) t.syncing = false
        this.syncAll()
        this.resend()
        break
      case 'me':
        this.on = f.me.on
        break
      case 'panel':
        this.held = { pv: f.pv, panel: f.panel }
        this.panel(f.panel)
        break
      case 'panelDelta': {
        // Like the console: apply what continues the held version, ask for a snapshot after a gap.
        const next = applyPanelDelta(this.held, f as never, checkSummary)
        if (next === 'gap') this.sendFrame({ type: 'snapshot' })
        else if (next !== 'stale') {
          this.held = next
          this.panel(next.panel)
        }
        break
      }
      case 'chat':
        if (f.chat.agentId === this.me && f.chat.status === 'active') this.transcript(f.chat.id)
        break
      case 'history':
        this.transcript(f.chatId).syncing = false
        this.merge(f.chatId, f.messages)
        break
      case 'message':
        this.merge(f.message.chatId, [f.message])
        break
      case 'ack': {
        const before = this.acks.get(f.id)
        if (before !== undefined && before !== f.seq) this.transcript(f.chatId).violations.push(`${f.id} acknowledged as ${before} and then ${f.seq}`)
        this.acks.set(f.id, f.seq)
        const i = this.outbox.findIndex((o) => o.id === f.id)
        if (i >= 0) this.outbox.splice(i, 1)
        const s = this.sent.find((x) => x.id === f.id)
        if (s) s.seq = f.seq
        break
      }
      case 'error':
        // `taken`: another agent answered first; nothing to do.
        this.failed(f)
        break
    }
    this.changed()
  }

  /** the panel as of the last snapshot and deltas */
  private held: VersionedPanel = { pv: 0, panel: { waiting: [], chatting: [], agents: [] } }

  private panel(p: { waiting: { id: string }[] }) {
    this.waiting = p.waiting.map((c) => c.id)
    if (!this.autoAccept || !this.on) return
    // Like a person: a few at a time, and not the same chat again while the answer is on its way.
    // An answer lost with a dropped socket changes nothing in the panel, so no frame would bring the
    // chat back here: look again once the 2 s are over while anything is still waiting.
    const now = performance.now()
    const next = this.waiting.filter((id) => now - (this.tried.get(id) ?? -Infinity) > 2000).slice(0, 3)
    for (const id of next) if (this.sendFrame({ type: 'accept', chatId: id })) this.tried.set(id, now)
    if (this.waiting.length && !this.recheck && !this.stopped) {
      this.recheck = setTimeout(() => {
        this.recheck = undefined
        if (this.ready) this.panel(this.held.panel)
        else if (!this.stopped) this.panel({ waiting: this.waiting.map((id) => ({ id })) })
      }, 2100)
    }
  }

  /** the timer that looks at the waiting chats again (see `panel`) */
  private recheck: NodeJS.Timeout | undefined

  override stop(): void {
    clearTimeout(this.recheck)
    super.stop()
  }

  private merge(chatId: string, messages: ChatMessage[]) {
    const t = this.transcript(chatId)
    const now = performance.now()
    for (const m of messages) if (t.add(m)) this.options.onMessage?.(m, now)
    if (t.hasGap()) this.gap(chatId, t)
  }
}
