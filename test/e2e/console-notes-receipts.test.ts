// Internal notes and read receipts from the agent's side, in real Chromium against a real relay:
// a note written in the Note tab is yellow, labelled, seen live by another agent and never by the
// customer's socket; the console tells the relay it has read the customer's messages only while it
// shows them, once per message across a reload, and shows "Seen" when the customer has read.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import type { TestClient } from '../helpers/ws-client.js'
import { setHidden } from './agent-panel-steps.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { axe, consoleFor, text } from './console-kit.js'

/** Waits until the console's effects after the last event have run (Preact runs them after the next frame). */
const settled = (page: Page) =>
  page.evaluate(async () => {
    for (let i = 0; i < 2; i++) await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))
  })

describe.skipIf(!hasChromium())('internal notes and read receipts in the console', () => {
  let relay: TestRelay
  let browser: Browser
  let ann: Page
  let ben: Page
  let customer: TestClient
  /** Ann's window of the customer's chat. */
  const chat = () => ann.getByTestId('chat-window').filter({ hasText: 'My parcel never arrived' })
  /** The customer sends `t` and learns its seq. */
  const say = async (id: string, t: string): Promise<number> => {
    customer.send({ type: 'send', id, parts: text(t) })
    return (await customer.next('ack', (f) => f.id === id)).seq
  }

  beforeAll(async () => {
    relay = await startTestRelay({ agentGraceMs: 300, ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {}) })
    browser = await launchBrowser()
    ann = await consoleFor(browser, relay, await relay.agent('Ann Agent'))
    ben = await consoleFor(browser, relay, await relay.agent('Ben Agent'))
    await ann.getByRole('switch').click()
    await ann.getByRole('switch', { checked: true }).waitFor()
    customer = (await relay.customerSocket()).client
    customer.send({ type: 'identify', name: 'Carla Customer' })
    customer.send({ type: 'start', id: 'c1', parts: text('My parcel never arrived') })
    await customer.next('started')
    await ann.getByTestId('waiting-item').filter({ hasText: 'Carla Customer' }).click()
    await chat().waitFor()
    await customer.next('chat', (f) => f.chat.status === 'active')
    // Answering shows Ann the first message: the customer hears she read it (and the join after it).
    const first = await customer.next('read', () => true, 15_000)
    expect(first.seq).toBeGreaterThanOrEqual(1)
  })
  afterAll(async () => {
    customer?.close()
    await browser?.close()
    await relay?.close()
  })

  it('writes a note in the Note tab that other agents see live and the customer never gets', async () => {
    await chat().getByRole('button', { name: 'Note', exact: true }).click()
    const box = chat().getByLabel('Internal note')
    await box.fill('Carla called yesterday about the same parcel')
    await box.press('Enter')
    await chat().locator('[data-testid="note"]:not([data-pending])').filter({ hasText: 'called yesterday' }).waitFor()
    // Ben reads along: the note is in the history he gets.
    await ben.getByTestId('chatting-item').filter({ hasText: 'Carla Customer' }).click()
    const bensView = ben.getByTestId('chat-window').filter({ hasText: 'My parcel never arrived' })
    await bensView.getByTestId('note').filter({ hasText: 'called yesterday' }).waitFor()
    // Ben's note reaches Ann live.
    await bensView.getByRole('button', { name: 'Add an internal note' }).click()
    await bensView.getByLabel('Internal note').fill('She is a VIP: offer express shipping')
    await bensView.getByLabel('Internal note').press('Enter')
    await chat().getByTestId('note').filter({ hasText: 'She is a VIP' }).filter({ hasText: 'Ben Agent' }).waitFor()
    await screenshot(ann, 'console-notes-1-chat')
    expect((await axe(ann)).join('\n')).toBe('')
    await ann.emulateMedia({ colorScheme: 'dark' })
    await screenshot(ann, 'console-notes-2-dark')
    expect((await axe(ann)).join('\n')).toBe('')
    await ann.emulateMedia({ colorScheme: 'light' })
    // A reply after the notes: everything before it on the customer's socket has arrived by then.
    await chat().getByRole('button', { name: 'Reply', exact: true }).click()
    await chat().getByLabel('Message', { exact: true }).fill('Let me check that for you')
    await chat().getByLabel('Message', { exact: true }).press('Enter')
    await customer.next('message', (f) => f.message.from === 'agent' && JSON.stringify(f.message.parts).includes('Let me check'))
    const leaked = customer.pending().filter((f) => f.type === 'note' || /called yesterday|VIP/.test(JSON.stringify(f)))
    expect(leaked).toEqual([])
  })

  it('tells the relay it read the customer’s messages while it shows them, and not while the tab is hidden', async () => {
    const seq = await say('c2', 'It was order 1042')
    // A read mark covers everything up to it: the customer's message, and whatever followed it.
    await customer.next('read', (f) => f.seq >= seq, 15_000)
    await setHidden(ann, true)
    await settled(ann)
    const hiddenSeq = await say('c3', 'Are you still there?')
    await chat().getByText('Are you still there?').waitFor()
    // A reply sent while hidden travels after any read the console would have sent.
    await chat().getByLabel('Message', { exact: true }).fill('One moment please')
    await chat().getByLabel('Message', { exact: true }).press('Enter')
    await customer.next('message', (f) => JSON.stringify(f.message.parts).includes('One moment'))
    expect(customer.pending().filter((f) => f.type === 'read')).toEqual([])
    await setHidden(ann, false)
    await customer.next('read', (f) => f.seq >= hiddenSeq, 15_000)
  })

  it('shows Seen under the last agent message the customer has read, also after a reload, and reads nothing twice', async () => {
    await chat().getByLabel('Message', { exact: true }).fill('Found it: it ships today')
    await chat().getByLabel('Message', { exact: true }).press('Enter')
    const mine = await customer.next('message', (f) => JSON.stringify(f.message.parts).includes('ships today'))
    expect(await chat().getByTestId('seen').count()).toBe(0)
    customer.send({ type: 'read', seq: mine.message.seq })
    const seen = chat().locator(`[data-seq="${mine.message.seq}"] [data-testid="seen"]`)
    await seen.waitFor()
    await screenshot(ann, 'console-receipts-1-seen')
    await ann.reload()
    await ann.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
    await seen.waitFor()
    const next = await say('c4', 'Thank you!')
    await customer.next('read', (f) => f.seq >= next, 15_000)
    // Every read so far was waited for by its seq: one more, for a message read before, would be here.
    expect(customer.pending().filter((f) => f.type === 'read')).toEqual([])
  })
})
