// The end of a chat from the visitor's side, in real Chromium against a real relay and a real SMTP
// server on loopback: the visitor rates the chat once (the agent sees it), has the transcript
// mailed (the mail that arrives holds the conversation) or downloads it as text. Without mail
// configured the email option is not offered. English and Arabic, axe clean.
import { once } from 'node:events'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'
import { axe, openShop, setSite } from './widget-forms-kit.js'
import { callParley, serveSite, socketAgent, type Site, type SiteOptions, type SocketAgent } from './widget-kit.js'

describe.skipIf(!hasChromium())('rating and transcript at the end of a chat', () => {
  let relay: TestRelay
  let bare: TestRelay
  let site: Site
  const siteOptions: SiteOptions = { relay: '' }
  let browser: Browser
  let agent: SocketAgent
  let page: Page
  let chatId: string
  let smtp: SMTPServer
  const mails: { to: string[]; data: string }[] = []

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        let data = ''
        stream.setEncoding('utf8')
        stream.on('data', (c: string) => (data += c))
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data })
          done()
        })
      }
    })
    smtp.listen(0, '127.0.0.1')
    await once(smtp.server, 'listening')
    const port = (smtp.server.address() as AddressInfo).port
    site = await serveSite(siteOptions)
    relay = await startTestRelay({ allowedOrigins: [site.url], smtpUrl: `smtp://127.0.0.1:${port}?tls=off`, mailFrom: 'Nordlicht <support@nordlicht.test>' })
    siteOptions.relay = relay.url
    const admin = (await relay.agent('Ada Admin', { role: 'admin' })).cookie
    await setSite(relay, admin, { allowedOrigins: [site.url], ratings: true, transcripts: true })
    agent = await socketAgent(relay)
    browser = await launchBrowser()
    page = await openShop(browser, relay, site.url)
  })
  afterAll(async () => {
    await browser?.close()
    await relay?.close()
    await bare?.close()
    await site?.close()
    await new Promise<void>((resolve) => smtp.close(() => resolve()))
  })

  const panel = (p = page) => p.locator('.panel')

  const chatUntilEnded = async (p: Page, first: string, answer: string) => {
    await p.locator('button.fab').click()
    await panel(p).getByLabel('Message', { exact: true }).fill(first)
    await panel(p).getByLabel('Message', { exact: true }).press('Enter')
    const id = await agent.answer()
    agent.say(id, answer)
    await panel(p).getByText(answer).waitFor()
    agent.client.send({ type: 'end', chatId: id })
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
    const rated = await agent.client.next('chat', (f) => f.chat.id === chatId && f.chat.rating, 10_000)
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
    await expect.poll(() => mails.length, { timeout: 15_000 }).toBe(1)
    expect(mails[0]!.to).toEqual(['grace@shop.example'])
    const body = mails[0]!.data.replace(/=\r?\n/g, '')
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
    const p = await openShop(browser, relay, site.url)
    await callParley(p, 'setLocale', 'ar')
    await p.locator('button.fab').click()
    await panel(p).getByLabel('الرسالة', { exact: true }).fill('مرحبا')
    await panel(p).getByLabel('الرسالة', { exact: true }).press('Enter')
    const id = await agent.answer()
    agent.say(id, 'أهلًا! كيف يمكنني المساعدة؟')
    await panel(p).getByText('كيف يمكنني').waitFor()
    agent.client.send({ type: 'end', chatId: id })
    await panel(p).getByText('كيف كانت هذه المحادثة؟').waitFor()
    await panel(p).getByRole('button', { name: 'سيئة' }).click()
    expect(await axe(p)).toEqual([])
    await screenshot(p, 'widget-ended-rtl')
  })

  it('offers no transcript by email when the relay has no mail server', async () => {
    bare = await startTestRelay({ allowedOrigins: [site.url] })
    const admin = (await bare.agent('Ben Admin', { role: 'admin' })).cookie
    await setSite(bare, admin, { allowedOrigins: [site.url], ratings: true, transcripts: true })
    const other = await socketAgent(bare, 'Bo Agent')
    const p = await openShop(browser, bare, bare.url + '/')
    await p.locator('button.fab').click()
    await panel(p).getByLabel('Message', { exact: true }).fill('Hello')
    await panel(p).getByLabel('Message', { exact: true }).press('Enter')
    const id = await other.answer()
    other.client.send({ type: 'end', chatId: id })
    await panel(p).getByRole('button', { name: 'Download transcript' }).waitFor()
    expect(await panel(p).getByRole('button', { name: 'Email me the transcript' }).count()).toBe(0)
  })
})
