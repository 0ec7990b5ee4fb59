// Regression, through the real console in Chromium: a customer could pass as verified. (a) With no
// proof, "Grace Hopper ✓" looked like a verified customer (the console marked verification with a
// text suffix); (b) a real user's valid hash for their own id made someone else's name and email
// look verified. Now only proven fields carry the VerifiedMark badge, which no text can produce.
import { SignJWT } from 'jose'
import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { identityHash } from '../../relay/security/identity.js'
import { waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { agentPanel } from './agent-panel-steps.js'
import { hasChromium, launchBrowser } from './browser.js'

const SECRET = 'a site secret of 32 characters!!'

describe.skipIf(!hasChromium())('verified customers in the console', () => {
  let relay: TestRelay
  let browser: Browser
  let console_: Page
  const chats: Record<'words' | 'ownHash' | 'token', string> = { words: '', ownHash: '', token: '' }

  beforeAll(async () => {
    relay = await startTestRelay({ identitySecret: SECRET, ...(process.env.PARLEY_E2E_DIST ? { distDir: process.env.PARLEY_E2E_DIST } : {}) })
    browser = await launchBrowser()
    const ann = await relay.agent('Ann Agent')
    console_ = await agentPanel(browser, relay, ann)
    await console_.getByRole('switch').first().click()
    await console_.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
    const identify = async (key: keyof typeof chats, first: string, claim: object, name: string) => {
      const { client, chatId } = await waitingCustomer(relay, first)
      client.send({ type: 'identify', ...claim })
      chats[key] = chatId
      await console_.locator(`[data-testid="waiting-item"][data-chat-id="${chatId}"]`).filter({ hasText: name }).waitFor()
    }
    // (a) Words only, dressed up as verified.
    await identify('words', 'Hello from words', { name: 'Grace Hopper ✓', email: 'grace@shop.example' }, 'Grace Hopper ✓')
    // (b) Mallory's valid hash for her own id, with Grace's name and email.
    await identify(
      'ownHash',
      'Hello from a hash',
      { id: 'u-mallory', hash: identityHash('u-mallory', SECRET), name: 'Grace Hopper', email: 'grace@shop.example' },
      'Grace Hopper'
    )
    // The real Grace, with a token her site signed.
    const signed = await new SignJWT({ sub: 'u-grace', name: 'Grace Hopper', email: 'grace@shop.example' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET))
    await identify('token', 'Hello from a token', { token: signed }, 'Grace Hopper')
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
  })

  /** Focuses a waiting customer (as a keyboard user would) and returns their info card. */
  const cardOf = async (chatId: string): Promise<Locator> => {
    await console_.mouse.move(0, 0)
    await console_.locator(`[data-testid="waiting-item"][data-chat-id="${chatId}"]`).focus()
    const card = console_.locator('#card-' + chatId)
    await card.waitFor({ state: 'visible' })
    return card
  }
  const marksIn = async (card: Locator) => (await card.locator('[data-verified]').all()).length
  const markOf = (card: Locator, label: string) =>
    card
      .locator('.card-row')
      .filter({ has: console_.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
      .getByRole('img')

  it('shows words only as words: no mark beside a name that ends in a tick', async () => {
    const card = await cardOf(chats.words)
    await expect.poll(() => card.locator('.card-row', { hasText: 'Grace Hopper ✓' }).count()).toBe(1)
    expect(await marksIn(card)).toBe(0)
    await card.screenshot({ path: 'test-results/verified-words.png' })
  })

  it('marks only the id a hash proved, and shows which id it is', async () => {
    const card = await cardOf(chats.ownHash)
    expect(await marksIn(card)).toBe(1)
    await expect.poll(() => markOf(card, 'User id').getAttribute('aria-label')).toBe('User id verified by the site')
    expect(await card.locator('.card-row', { hasText: 'u-mallory' }).count()).toBe(1)
    expect(await markOf(card, 'Name').count()).toBe(0)
    expect(await markOf(card, 'Email').count()).toBe(0)
    await card.screenshot({ path: 'test-results/verified-own-hash.png' })
  })

  it('marks every claim a signed token proved, each with its own accessible name', async () => {
    const card = await cardOf(chats.token)
    expect(await marksIn(card)).toBe(3)
    for (const label of ['Name', 'Email', 'User id']) expect(await markOf(card, label).getAttribute('aria-label')).toBe(`${label} verified by the site`)
    // The mark sits beside the customer's text, not inside it.
    expect(await card.locator('.card-value', { hasText: 'Verified' }).count()).toBe(0)
    await card.screenshot({ path: 'test-results/verified-token.png' })
  })
})
