// The end of a chat from the visitor's side, in real Chromium against a real relay and a real SMTP
// server on loopback: the visitor rates the chat once (the agent sees it), has the transcript
// mailed (the mail that arrives holds the conversation) or downloads it as text. Without mail
// configured the email option is not offered. English and Arabic, axe clean.
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { startTestSmtp, type TestSmtp } from '../helpers/smtp.js'
import { hasChromium, screenshot } from './browser.js'
import { axe, formsShop, openShop, setSite } from './widget-forms-kit.js'
import { callParley, chatWithAgent, socketAgent } from './widget-kit.js'

describe.skipIf(!hasChromium())('rating and transcript at the end of a chat', () => {
  let smtp: TestSmtp
  beforeAll(async () => {
    smtp = await startTestSmtp()
  })
  afterAll(async () => {
    await smtp?.close()
  })
  const shop = formsShop({
    relay: () => ({ smtpUrl: smtp.url, mailFrom: 'Nordlicht <support@nordlicht.test>' }),
    settings: { ratings: true, transcripts: true },
    agent: true
  })
  let bare: TestRelay
  let page: Page
  let chatId: string
  beforeAll(async () => {
    page = await shop.open()
  })
  afterAll(async () => {
    await bare?.close()
  })

  const panel = (p = page) => p.locator('.panel')

  const chatUntilEnded = async (p: Page, first: string, answer: string) => {
    await p.locator('button.fab').click()
    const id = await chatWithAgent(p, shop.agent, first, answer)
    shop.agent.client.send({ type: 'end', chatId: id })
    await panel(p).getByText('How was this chat?').waitFor()
    return id
  }

  it('asks for a rating once the agent ends the chat, and sends it once', async () => {
    chatId = await chatUntilEnded(page, 'Is the Aurora blend good for espresso?', 'Yes, grind it fine: 18 g in, 36 g out.')
    expect(await axe(page)).toEqual([])
    await screenshot(page, 'widget-ended')
    await panel().getByRole('button', { name: 'Good' }).click()
    expect(await panel().getByRole('button', { name: 'Good' }).getAttribute('aria-pressed')).toBe('true')
    await panel().getByLabel('Anything to add? (optional)').fill('Quick and friendly')
    await screenshot(page, 'widget-rating')
    await panel().getByRole('button', { name: 'Send' }).click()
    await panel().getByRole('status').filter({ hasText: 'Thank you for your feedback!' }).waitFor()
    expect(await panel().getByRole('button', { name: 'Good' }).count()).toBe(0)
    // The agent sees it on the chat.
    const rated = await shop.agent.client.next('chat', (f) => f.chat.id === chatId && f.chat.rating, 10_000)
    expect(rated.chat).toMatchObject({ rating: 'good', ratingComment: 'Quick and friendly' })
  })

  it('mails the transcript to the address the visitor gives; the mail holds the conversation', async () => {
    const email = panel().getByLabel('Email', { exact: true })
    await email.fill('grace@')
    await panel().getByRole('button', { name: 'Email me the transcript' }).click()
    await panel().getByText('Please enter a valid email address.').waitFor()
    await email.fill('grace@shop.example')
    await panel().getByRole('button', { name: 'Email me the transcript' }).click()
    await panel().getByRole('status').filter({ hasText: 'Transcript sent to grace@shop.example.' }).waitFor()
    await screenshot(page, 'widget-transcript-mailed')
    await expect.poll(() => smtp.mails.length, { timeout: 15_000 }).toBe(1)
    expect(smtp.mails[0]!.to).toEqual(['grace@shop.example'])
    const body = smtp.mails[0]!.data.replace(/=\r?\n/g, '')
    expect(body).toContain('Aurora blend')
    expect(body).toContain('grind it fine')
  })

  it('downloads the transcript as text', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), panel().getByRole('button', { name: 'Download transcript' }).click()])
    expect(download.suggestedFilename()).toBe('chat.txt')
    const text = readFileSync((await download.path())!, 'utf8')
    expect(text).toMatch(/^\[\d\d:\d\d\] You: Is the Aurora blend good for espresso\?$/m)
    expect(text).toMatch(/^\[\d\d:\d\d\] Alice Example: Yes, grind it fine: 18 g in, 36 g out\.$/m)
  })

  it('lays the end of the chat out right to left in Arabic, with no axe violations', async () => {
    const p = await shop.open()
    await callParley(p, 'setLocale', 'ar')
    await p.locator('button.fab').click()
    const id = await chatWithAgent(p, shop.agent, 'مرحبا', 'أهلًا! كيف يمكنني المساعدة؟', 'الرسالة')
    shop.agent.client.send({ type: 'end', chatId: id })
    await panel(p).getByText('كيف كانت هذه المحادثة؟').waitFor()
    await panel(p).getByRole('button', { name: 'سيئة' }).click()
    expect(await axe(p)).toEqual([])
    await screenshot(p, 'widget-ended-rtl')
  })

  it('offers no transcript by email when the relay has no mail server', async () => {
    bare = await startTestRelay({ allowedOrigins: [shop.site.url] })
    const admin = (await bare.agent('Ben Admin', { role: 'admin' })).cookie
    await setSite(bare, admin, { allowedOrigins: [shop.site.url], ratings: true, transcripts: true })
    const other = await socketAgent(bare, 'Bo Agent')
    const p = await openShop(shop.browser, bare, bare.url + '/')
    await p.locator('button.fab').click()
    await panel(p).getByLabel('Message', { exact: true }).fill('Hello')
    await panel(p).getByLabel('Message', { exact: true }).press('Enter')
    const id = await other.answer()
    other.client.send({ type: 'end', chatId: id })
    await panel(p).getByRole('button', { name: 'Download transcript' }).waitFor()
    expect(await panel(p).getByRole('button', { name: 'Email me the transcript' }).count()).toBe(0)
  })
})
