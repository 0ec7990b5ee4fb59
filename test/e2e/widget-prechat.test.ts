// The pre-chat form from the visitor's side, in real Chromium against a real relay: the fields the
// admin chose come before the first message, what is missing is said and announced, the answers
// reach the agent with the chat, an identified visitor is asked only what is not known, and a
// change of the site's settings reaches an open widget live. English and Arabic, axe clean.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { PreChatSettings } from '../../protocol/index.js'
import { hasChromium, screenshot } from './browser.js'
import { axe, formsShop, setSite } from './widget-forms-kit.js'
import { callParley } from './widget-kit.js'

const PRE_CHAT: PreChatSettings = { name: 'required', email: 'optional', topic: 'required', topics: ['Orders', 'Returns', 'Wholesale'] }

describe.skipIf(!hasChromium())('the pre-chat form', () => {
  const shop = formsShop({ settings: { preChat: PRE_CHAT }, agent: true })
  let page: Page
  beforeAll(async () => {
    page = await shop.open()
  })

  const panel = (p = page) => p.locator('.panel')

  it('comes before the first message and says what is missing', async () => {
    await page.locator('button.fab').click()
    await panel().getByText('Before we start, tell us a little about you.').waitFor()
    expect(await panel().getByLabel('Message', { exact: true }).count()).toBe(0)
    expect(await page.getByLabel('Email (optional)').count()).toBe(1)
    await panel().getByRole('button', { name: 'Start chat' }).click()
    const name = page.getByLabel('Name', { exact: true })
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true')
    expect(await name.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true)
    expect(await page.getByLabel('Topic', { exact: true }).getAttribute('aria-invalid')).toBe('true')
    expect(await page.getByLabel('Email (optional)').getAttribute('aria-invalid')).toBe('false')
    expect(await axe(page)).toEqual([])
    await screenshot(page, 'widget-prechat-errors')
  })

  it('is usable from the keyboard, and its answers reach the agent with the chat', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper')
    await page.getByLabel('Email (optional)').fill('grace@shop.example')
    await page.getByLabel('Topic', { exact: true }).focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowDown')
    expect(await page.getByLabel('Topic', { exact: true }).inputValue()).toBe('Returns')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    const input = panel().getByLabel('Message', { exact: true })
    await expect.poll(() => input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true)
    await page.keyboard.type('The grinder I bought arrived broken.')
    await page.keyboard.press('Enter')
    const chatId = await shop.agent.answer()
    const summary = (await shop.agent.panel.until((p) => p.chatting.some((c) => c.id === chatId))).chatting.find((c) => c.id === chatId)!
    expect(summary.topic).toBe('Returns')
    expect(summary.customer).toMatchObject({ name: 'Grace Hopper', email: 'grace@shop.example' })
    await screenshot(page, 'widget-prechat-chatting')
  })

  it('asks an identified visitor only what is not known', async () => {
    const p = await shop.open()
    await callParley(p, 'identify', { name: 'Linus', email: 'linus@shop.example' })
    await p.locator('button.fab').click()
    await p.getByLabel('Topic', { exact: true }).waitFor()
    expect(await p.getByLabel('Name', { exact: true }).count()).toBe(0)
    expect(await p.getByLabel('Email (optional)').count()).toBe(0)
  })

  it('follows the site’s settings live: turned off, the composer shows at once', async () => {
    const p = await shop.open()
    await p.locator('button.fab').click()
    await p.getByLabel('Topic', { exact: true }).waitFor()
    await setSite(shop.relay, shop.admin, { preChat: { name: 'off', email: 'off', topic: 'off', topics: [] } })
    await panel(p).getByLabel('Message', { exact: true }).waitFor()
    expect(await p.locator('.panel .form').count()).toBe(0)
    await setSite(shop.relay, shop.admin, { preChat: PRE_CHAT })
  })

  it('lays the form out right to left in Arabic, with no axe violations', async () => {
    const p = await shop.open()
    await callParley(p, 'setLocale', 'ar')
    await p.locator('button.fab').click()
    await panel(p).getByText('قبل أن نبدأ، أخبرنا قليلًا عن نفسك.').waitFor()
    await panel(p).getByRole('button', { name: 'بدء المحادثة' }).click()
    await panel(p).getByText('يرجى ملء هذا الحقل.').first().waitFor()
    expect(await axe(p)).toEqual([])
    await screenshot(p, 'widget-prechat-rtl')
  })
})
