// Never loses a message: a customer chatting with an agent loses the relay (stopped, then started
// again on the same port and SQLite file), writes while it is gone, even reloads the page in the
// meantime, and when it is back both sides hold every message exactly once, in order. Also the
// browser's own offline switch.
import type { FastifyInstance } from 'fastify'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOL_VERSION } from '../../protocol/index.js'
import { addAgent } from '../../relay/agents.js'
import { buildRelay, makeConfig } from '../../relay/index.js'
import { freePort } from '../helpers/child-relay.js'
import { connectClient, type TestClient } from '../helpers/ws-client.js'
import { watchPanel, type PanelWatch } from '../helpers/panel-watch.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { DIST, parleyReady, serveSite, type Site, type SiteOptions } from './widget-kit.js'

describe.skipIf(!hasChromium())('messages across a relay restart and offline spells', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-widget-reconnect-'))
  let port: number
  let url: string
  let relay: FastifyInstance | undefined
  let site: Site
  let browser: Browser
  let customer: Page
  let cookie: string
  let agent: TestClient
  let panel: PanelWatch
  let chatId: string
  const options: SiteOptions = { relay: '', ownScript: true }

  const boot = async () => {
    const config = makeConfig({ port, logLevel: 'silent', dataDir, distDir: DIST, allowedOrigins: [site.url], agentGraceMs: 60_000, chatGraceMs: 60_000 })
    relay = await buildRelay(config)
    await relay.listen({ host: '127.0.0.1', port })
    return config
  }
  const agentSocket = async () => {
    agent = await connectClient(url.replace('http', 'ws') + '/ws/agent', { cookie, origin: url })
    agent.send({ type: 'hello', v: PROTOCOL_VERSION })
    panel = watchPanel(agent, await agent.next('welcome'))
  }
  const agentSays = (text: string) => agent.send({ type: 'send', chatId, id: 'agent-' + text.replace(/\W/g, ''), parts: [{ type: 'text', text }] })
  const stored = async () => {
    agent.send({ type: 'sync', chatId, after: 0 })
    const h = await agent.next('history', (f) => f.chatId === chatId)
    return h.messages.map((m: { from: string; parts: { text?: string }[]; event?: string }) => (m.event ? '(' + m.event + ')' : m.parts[0]?.text))
  }
  const shown = () => customer.locator('.panel li.msg:not(.pending):not(.failed) .bub, .panel li.sys').allTextContents()

  beforeAll(async () => {
    port = await freePort()
    url = `http://127.0.0.1:${port}`
    site = await serveSite(options)
    options.relay = url
    const config = await boot()
    const email = 'alice@example.com'
    await addAgent(relay!.parley.store, config, { name: 'Alice Example', email, password: 'correct horse battery', role: 'agent' })
    const res = await fetch(url + '/api/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ email, password: 'correct horse battery' })
    })
    cookie = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    await agentSocket()
    agent.send({ type: 'status', on: true })
    browser = await launchBrowser()
    customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    customer.setDefaultTimeout(20_000)
  })
  afterAll(async () => {
    await browser?.close()
    agent?.close()
    await relay?.close()
    await site?.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('chats as usual to begin with', async () => {
    await customer.goto(site.url + '/')
    await parleyReady(customer)
    await customer.locator('button.fab').click()
    const input = customer.getByLabel('Message', { exact: true })
    await input.fill('one')
    await input.press('Enter')
    chatId = (await panel.until((p) => p.waiting.length === 1)).waiting[0]!.id
    agent.send({ type: 'accept', chatId })
    await customer.getByText('Alice Example joined the chat').waitFor()
    agentSays('two')
    await customer.locator('.panel').getByText('two').waitFor()
  })

  it('keeps what the customer writes while the relay is gone, across a reload, and delivers it once it is back', async () => {
    await relay!.close()
    relay = undefined
    await customer.locator('.note').filter({ hasText: 'Reconnecting…' }).waitFor()
    const input = customer.getByLabel('Message', { exact: true })
    await input.fill('three')
    await input.press('Enter')
    await input.fill('four')
    await input.press('Enter')
    expect(await customer.locator('.panel li.msg.pending').count()).toBe(2)
    // IndexedDB writes are asynchronous: the reload comes once both are in the outbox (o:<id> keys),
    // as it would for a visitor who reloads a moment later, not within the same millisecond.
    const outboxed = () =>
      customer.evaluate(
        () =>
          new Promise<number>((ok) => {
            const open = indexedDB.open('parley')
            open.onsuccess = () => {
              const keys = open.result.transaction('session', 'readonly').objectStore('session').getAllKeys()
              keys.onsuccess = () => {
                ok(keys.result.filter((k) => String(k).startsWith('o:')).length)
                open.result.close()
              }
            }
          })
      )
    await expect.poll(outboxed).toBe(2)

    // The page reloads while the relay is still down: the outbox comes back from IndexedDB.
    await customer.reload()
    await parleyReady(customer)
    await customer.locator('button.fab').click()
    await customer.locator('.panel li.msg.pending').nth(1).waitFor()
    expect(await customer.locator('.panel li.msg.pending .bub').allTextContents()).toEqual(['three', 'four'])
    await customer.locator('.note').filter({ hasText: 'Reconnecting…' }).waitFor()
    await screenshot(customer, 'widget-offline-pending')

    await boot()
    await agentSocket()
    await customer.locator('.panel li.msg.pending').first().waitFor({ state: 'detached', timeout: 45_000 })
    agentSays('five')
    await customer.locator('.panel').getByText('five').waitFor()

    const expected = ['one', '(joined)', 'two', 'three', 'four', 'five']
    expect(await stored()).toEqual(expected)
    const text = await shown()
    expect(text.map((t) => t.replace(/ · \d\d:\d\d$/, ''))).toEqual(['one', 'Alice Example joined the chat', 'two', 'three', 'four', 'five'])
    await screenshot(customer, 'widget-reconnected')
  })

  it('holds a message written while the browser is offline and sends it once when it is back online', async () => {
    await customer.context().setOffline(true)
    await customer.locator('.note').filter({ hasText: 'Reconnecting…' }).waitFor()
    const input = customer.getByLabel('Message', { exact: true })
    await input.fill('six')
    await input.press('Enter')
    await customer.locator('.panel li.msg.pending').waitFor()
    await customer.context().setOffline(false)
    await customer.locator('.panel li.msg.pending').waitFor({ state: 'detached', timeout: 45_000 })
    agentSays('seven')
    await customer.locator('.panel').getByText('seven').waitFor()
    expect(await stored()).toEqual(['one', '(joined)', 'two', 'three', 'four', 'five', 'six', 'seven'])
    expect((await shown()).length).toBe(8)
  })

  it('keeps a half-written draft across a reload', async () => {
    const input = customer.getByLabel('Message', { exact: true })
    await input.pressSequentially('I will finish this sent')
    // Stored as typed (IndexedDB `parley`, idb-keyval's store `session`, key `d`), before the page goes.
    const draft = () =>
      customer.evaluate(
        () =>
          new Promise((resolve) => {
            const open = indexedDB.open('parley')
            open.onsuccess = () => {
              const get = open.result.transaction('session').objectStore('session').get('d')
              get.onsuccess = () => {
                open.result.close()
                resolve(get.result)
              }
            }
          })
      )
    await expect.poll(draft).toBe('I will finish this sent')
    await customer.reload()
    await parleyReady(customer)
    if (!(await customer.locator('.panel').count())) await customer.locator('button.fab').click()
    await expect.poll(() => customer.getByLabel('Message', { exact: true }).inputValue()).toBe('I will finish this sent')
  })
})
