// What the widget's browser tests share: an agent online over a real socket, a host site on another
// origin than the relay (served by a tiny node:http server, with whatever CSP a test wants), the
// locale files the relay will serve, and a look into the widget's shadow root.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'
import { watchPanel, type PanelWatch } from '../helpers/panel-watch.js'
import type { TestClient } from '../helpers/ws-client.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { launchBrowser } from './browser.js'

/** Where the built widget is (PARLEY_E2E_DIST: a build elsewhere while dist/ is being rebuilt). */
export const DIST = process.env.PARLEY_E2E_DIST ?? 'dist'

/** An agent with chat on, over a real socket: answers chats and reads what arrives. */
export interface SocketAgent {
  client: TestClient
  /** the agent's panel, from the welcome and the deltas since */
  panel: PanelWatch
  name: string
  /** Answers the waiting chat (the first one when `chatId` is not given) and returns its id. */
  answer(chatId?: string): Promise<string>
  say(chatId: string, text: string): void
  /** Every message of the chat, from the relay's store (via sync). */
  transcript(chatId: string): Promise<{ id: string; seq: number; from: string; text: string }[]>
}

/** Logs an agent in, connects their socket and switches chat on. */
export const socketAgent = async (relay: TestRelay, name = 'Alice Example'): Promise<SocketAgent> => {
  const { cookie } = await relay.agent(name)
  const { client, welcome } = await relay.agentSocket(cookie)
  const panel = watchPanel(client, welcome)
  client.send({ type: 'status', on: true })
  await client.next('me', (f) => f.me.on === true)
  let n = 0
  const answered = new Set<string>()
  return {
    client,
    panel,
    name,
    async answer(chatId) {
      // A waiting chat not answered before.
      const fresh = (c: { id: string }) => (chatId ? c.id === chatId : !answered.has(c.id))
      const id = (await panel.until((p) => p.waiting.some(fresh), 10_000)).waiting.find(fresh)!.id
      answered.add(id)
      client.send({ type: 'accept', chatId: id })
      await client.next('chat', (f) => f.chat.id === id && f.chat.status === 'active', 10_000)
      return id
    },
    say(chatId, text) {
      client.send({ type: 'send', chatId, id: `agent-${Date.now()}-${n++}`, parts: [{ type: 'text', text }] })
    },
    async transcript(chatId) {
      // Older history frames (answering a chat sends one) are not the answer to this sync.
      while (client.pending().some((f) => f.type === 'history' && f.chatId === chatId)) await client.next('history', (f) => f.chatId === chatId)
      client.send({ type: 'sync', chatId, after: 0 })
      const h = await client.next('history', (f) => f.chatId === chatId, 10_000)
      return h.messages.map((m: { id: string; seq: number; from: string; parts: { type: string; text?: string }[] }) => ({
        id: m.id,
        seq: m.seq,
        from: m.from,
        text: m.parts.map((p) => (p.type === 'text' ? p.text : '[image]')).join(' ')
      }))
    }
  }
}

/** A relay with an agent online and Chromium, filled in by `beforeAll` (see `withAgentOnline`). */
export interface AgentOnline {
  relay: TestRelay
  browser: Browser
  /** A new page in a context of its own (no shared cookies or storage), made with the given context options. */
  fresh(): Promise<Page>
}

/** Registers `beforeAll`/`afterAll` that start and stop a default relay, an agent online on it, and Chromium. */
export const withAgentOnline = (context: BrowserContextOptions): AgentOnline => {
  const env = {
    async fresh() {
      const page = await (await env.browser.newContext(context)).newPage()
      page.setDefaultTimeout(15_000)
      return page
    }
  } as AgentOnline
  beforeAll(async () => {
    env.relay = await startTestRelay()
    env.browser = await launchBrowser()
    await socketAgent(env.relay)
  })
  afterAll(async () => {
    await env.browser?.close()
    await env.relay?.close()
  })
  return env
}

/**
 * The visitor on `page`, the widget open, writes `first` in the composer (labelled `label`, the
 * page's language); `agent` answers the chat and says `reply`, and the visitor sees it. Returns the chat's id.
 */
export const chatWithAgent = async (page: Page, agent: SocketAgent, first: string, reply: string, label = 'Message'): Promise<string> => {
  const composer = page.locator('.panel').getByLabel(label, { exact: true })
  await composer.fill(first)
  await composer.press('Enter')
  const id = await agent.answer()
  agent.say(id, reply)
  await page.locator('.panel').getByText(reply).waitFor()
  return id
}

/** A host site: its URL, what it served, and how to stop it. */
export interface Site {
  url: string
  server: Server
  close(): Promise<void>
}

/** What a site serves: the demo shop at `/` (with the script tag pointed at `relay`), extra pages, headers. */
export interface SiteOptions {
  relay: string
  /** Content-Security-Policy of every page (`{nonce}` is replaced by the page's nonce) */
  csp?: string
  /** the nonce put on every <script> of the shop */
  nonce?: string
  /** more pages by path, as HTML */
  pages?: Record<string, string>
  /** serve parley.js from this site (data-relay points at the relay), so the page loads while the relay is down */
  ownScript?: boolean
}

/** The demo shop's HTML with its script tag loading the widget from `relay`. */
export const shopHtml = (relay: string, nonce?: string, ownScript?: boolean): string => {
  let html = readFileSync('demo-site/index.html', 'utf8').replace(
    'src="/parley.js"',
    ownScript ? `src="/parley.js" data-relay="${relay}"` : `src="${relay}/parley.js"`
  )
  if (nonce) html = html.replaceAll('<script', `<script nonce="${nonce}"`)
  return html
}

/** Serves the demo shop (and `pages`) on 127.0.0.1 with a random port: another origin than the relay. */
export const serveSite = async (o: SiteOptions): Promise<Site> => {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    const headers: Record<string, string> = { 'cache-control': 'no-store' }
    if (o.csp) headers['content-security-policy'] = o.csp.replaceAll('{nonce}', o.nonce ?? '')
    let body: string | Buffer | undefined
    if (path === '/') body = shopHtml(o.relay, o.nonce, o.ownScript)
    else if (o.pages?.[path] !== undefined) body = o.pages[path]
    if (body !== undefined) {
      res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(body)
      return
    }
    if (path === '/favicon.ico') return void res.writeHead(204).end()
    const file = path === '/shop.css' ? 'demo-site/shop.css' : /^\/parley[\w.-]*$/.test(path) ? DIST + path : undefined
    if (!file) return void res.writeHead(404).end()
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.json') ? 'application/json' : 'text/javascript'
    try {
      res.writeHead(200, { ...headers, 'content-type': type + '; charset=utf-8', 'access-control-allow-origin': '*' }).end(readFileSync(file))
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, server, close: () => new Promise((resolve) => server.close(() => resolve())) }
}

/**
 * Serves the locale files as the relay will (`<relay>/parley-<lang>.json`, CORS for any origin):
 * the relay does not serve them yet (see the widget issue's report), so the page's requests for
 * them are answered from dist/ here.
 */
export const serveLocales = async (page: Page, relay: string): Promise<void> => {
  await page.route(relay + '/parley-*.json', (route) => {
    const file = DIST + new URL(route.request().url()).pathname
    route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: readFileSync(file, 'utf8') })
  })
}

/** Waits until `window.Parley` is the real API (not the snippet's stub, which has no isAvailable). */
export const parleyReady = (page: Page) =>
  page.waitForFunction(() => typeof (window as { Parley?: { isAvailable?: unknown } }).Parley?.isAvailable === 'function')

/** Calls a method of `window.Parley` in the page. */
export const callParley = <T = unknown>(page: Page, method: string, ...args: unknown[]): Promise<T> =>
  page.evaluate(([m, a]) => (window as unknown as Record<string, Record<string, (...x: unknown[]) => T>>).Parley![m as string]!(...(a as unknown[])), [
    method,
    args
  ] as const)

/** Text of the widget's transcript, message by message (customer and agent bubbles and notices). */
export const transcriptOf = (page: Page): Promise<string[]> => page.locator('.panel li.msg .bub, .panel li.sys').allTextContents()

/** Counts the widget's notification pings in every page of `context` (each ping is an oscillator) in `window.pings`. */
export const countPings = (context: BrowserContext) =>
  context.addInitScript(() => {
    const w = window as unknown as { pings: number }
    w.pings = 0
    const make = AudioContext.prototype.createOscillator
    AudioContext.prototype.createOscillator = function (this: AudioContext) {
      w.pings++
      return make.call(this)
    }
  })
