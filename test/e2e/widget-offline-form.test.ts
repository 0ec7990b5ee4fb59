// The offline form from the visitor's side, in real Chromium against a real relay: with no agent
// online and the site's mode `form`, the launcher opens a form (name, email, message, an image);
// what is missing is said under each field and announced; what the relay refuses is said and
// nothing typed is lost, not even across a reload; once sent, the visitor is told what happens
// next and the agents have a ticket. In English and in Arabic (right to left), axe finds nothing.
import type { Page, Route } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Ticket } from '../../protocol/index.js'
import { hasChromium, screenshot } from './browser.js'
import { axe, formsShop, PNG } from './widget-forms-kit.js'
import { callParley, shopHtml } from './widget-kit.js'

describe.skipIf(!hasChromium())('the offline form', () => {
  const shop = formsShop({
    // One message per hour from an address: the second is refused, as a visitor would meet it.
    relay: () => ({ maxOfflineMessagesPerHourPerIp: 1 }),
    settings: { offlineMode: 'form' },
    pages: (relay) => ({ '/hidden': shopHtml(relay).replace('data-position="right"', 'data-position="right" data-availability="hide"') })
  })
  let page: Page
  beforeAll(async () => {
    page = await shop.open()
  })

  const panel = () => page.locator('.panel')

  it('opens from the launcher while no agent is online, and says what is missing under each field', async () => {
    await page.locator('button.fab').click()
    await panel().getByText('Leave us a message').waitFor()
    // The form comes with the forms chunk, fetched now.
    await panel().getByText("Nobody is here right now. Leave a message and we'll reply by email.").waitFor()
    await panel().getByRole('button', { name: 'Send' }).click()
    const name = page.getByLabel('Name', { exact: true })
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true')
    // Focus goes to the first wrong field, whose error is its description (read out with it).
    expect(await name.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true)
    expect(await name.evaluate((el) => (el.getRootNode() as ShadowRoot).getElementById(el.getAttribute('aria-describedby')!)?.textContent)).toBe(
      'Please fill this in.'
    )
    await page.getByLabel('Email', { exact: true }).fill('grace@')
    await panel().getByRole('button', { name: 'Send' }).click()
    await panel().getByText('Please enter a valid email address.').waitFor()
    expect(await axe(page)).toEqual([])
    await screenshot(page, 'widget-offline-form-errors')
  })

  it('keeps what was typed across a reload of the page', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper')
    await page.getByLabel('Message', { exact: true }).fill('Do you ship the Aurora blend to Norway?')
    await page.reload()
    await page.locator('button.fab').click()
    await expect.poll(() => page.getByLabel('Message', { exact: true }).inputValue()).toBe('Do you ship the Aurora blend to Norway?')
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('Grace Hopper')
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('grace@')
  })

  it('sends it with an image; the visitor is told what happens next', async () => {
    await page.getByLabel('Email', { exact: true }).fill('grace@shop.example')
    await page.getByLabel('Image (optional)').setInputFiles({ name: 'parcel.png', mimeType: 'image/png', buffer: PNG })
    await panel().getByRole('button', { name: 'Send' }).click()
    await panel().getByRole('status').filter({ hasText: "Thank you! We'll reply by email to grace@shop.example." }).waitFor()
    await screenshot(page, 'widget-offline-form-sent')
    // The agents have it as a ticket, with who wrote it and what.
    const { tickets } = (await (await fetch(shop.relay.url + '/api/tickets', { headers: { cookie: shop.admin } })).json()) as { tickets: Ticket[] }
    const ticket = tickets.find((t) => t.offline)!
    expect(ticket.customer).toEqual({ name: 'Grace Hopper', email: 'grace@shop.example' })
    expect(ticket.note).toContain('Do you ship the Aurora blend to Norway?')
    // Sent means forgotten: a reload shows an empty form.
    await page.reload()
    await page.locator('button.fab').click()
    await page.getByLabel('Message', { exact: true }).waitFor()
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('')
  })

  it('says so in the form when the relay refuses, and keeps everything typed', async () => {
    await page.getByLabel('Name', { exact: true }).fill('Grace Hopper')
    await page.getByLabel('Email', { exact: true }).fill('grace@shop.example')
    await page.getByLabel('Message', { exact: true }).fill('And a second bag, please.')
    await panel().getByRole('button', { name: 'Send' }).click()
    await panel().getByRole('alert').filter({ hasText: 'Too many messages. Please wait.' }).waitFor()
    expect(await page.getByLabel('Message', { exact: true }).inputValue()).toBe('And a second bag, please.')
    expect(await page.getByLabel('Email', { exact: true }).inputValue()).toBe('grace@shop.example')
    expect(await panel().getByRole('button', { name: 'Send' }).isEnabled()).toBe(true)
    await screenshot(page, 'widget-offline-form-refused')
  })

  it('stays hidden where the script tag says hide, whatever the site says', async () => {
    const p = await (await shop.browser.newContext()).newPage()
    // The async snippet's queue: a `ready` listener in place before the relay's first answer.
    await p.addInitScript(() => {
      const w = window as unknown as { Parley: unknown; answered?: boolean }
      w.Parley = { q: [['on', ['ready', () => (w.answered = true)]]] }
    })
    await p.goto(shop.site.url + '/hidden')
    await p.waitForFunction(() => (window as unknown as { answered?: boolean }).answered)
    expect(await p.locator('button.fab').count()).toBe(0)
    expect(await callParley(p, 'open')).toBe(false)
  })

  it('lays the form out right to left in Arabic, with no axe violations', async () => {
    const p = await shop.open()
    await callParley(p, 'setLocale', 'ar')
    await p.locator('button.fab').click()
    await p.locator('.panel').getByText('اترك لنا رسالة').waitFor()
    await p.locator('.panel').getByRole('button', { name: 'إرسال' }).click()
    await p.locator('.panel').getByText('يرجى ملء هذا الحقل.').first().waitFor()
    expect(await p.locator('.w').getAttribute('dir')).toBe('rtl')
    // Labels start at the right edge in a right-to-left layout.
    const label = await p.locator('.panel label[for="f-name"]').boundingBox()
    const form = await p.locator('.panel .form').boundingBox()
    expect(label!.x + label!.width).toBeGreaterThan(form!.x + form!.width - 40)
    expect(await axe(p)).toEqual([])
    await screenshot(p, 'widget-offline-form-rtl')
  })

  it('says the form is on its way while its chunk loads, and offers Retry (reported with the error event) when it fails', async () => {
    const p = await shop.open()
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    let failing = true
    await p.route(/\/parley-forms-/, async (route: Route) => {
      if (failing) return route.abort()
      await held
      await route.continue()
    })
    await p.evaluate(() => {
      const w = window as unknown as { errors: string[]; Parley: { on(t: string, f: (e: { code: string }) => void): void } }
      w.errors = []
      w.Parley.on('error', (e) => w.errors.push(e.code))
    })
    await p.locator('button.fab').click()
    // Three tries, then the failure is shown and reported once.
    const retry = p.locator('.panel').getByRole('button', { name: 'Retry' })
    await retry.waitFor()
    expect(await p.locator('.panel .wait').textContent()).toBe('Something went wrong. Retry')
    expect(await p.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual(['internal'])
    await screenshot(p, 'widget-forms-failed')
    failing = false
    await retry.click()
    await p.locator('.panel').getByText('Loading…').waitFor()
    expect(await p.locator('.panel .wait').getAttribute('aria-busy')).toBe('true')
    await screenshot(p, 'widget-forms-loading')
    release()
    await p.getByLabel('Name', { exact: true }).waitFor()
    expect(await p.locator('.panel .wait').count()).toBe(0)
  })
})
