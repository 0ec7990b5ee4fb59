// Accessibility of the open widget in Chromium: axe-core finds no violation in light and dark
// themes, right to left, and with the `disabled` launcher; the keyboard opens it, focus moves into
// the window and back to the launcher, Escape closes; new messages are announced; the window slides
// in only for visitors who do not prefer reduced motion.
import type { Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { hasChromium, screenshot } from './browser.js'
import { axe, formsShop, type ShopContext } from './widget-forms-kit.js'
import { callParley, chatWithAgent, parleyReady, shopHtml } from './widget-kit.js'

describe.skipIf(!hasChromium())('accessibility of the widget', () => {
  const shop = formsShop({
    pages: (relay) => ({ '/disabled': shopHtml(relay).replace('data-position="right"', 'data-position="right" data-availability="disabled"') }),
    agent: true
  })
  let page: Page
  let chatId: string

  /** The relay's own copy of the demo shop in a new context. */
  const shopPage = (opts: ShopContext = {}) => shop.open(opts, shop.relay.url + '/')

  beforeAll(async () => {
    page = await shopPage()
  })

  it('opens from the keyboard, moves focus into the window, announces messages, and Escape gives focus back', async () => {
    const fab = page.locator('button.fab')
    await fab.waitFor()
    expect(await fab.getAttribute('aria-label')).toBe('Questions? Chat with us')
    expect(await fab.getAttribute('aria-expanded')).toBe('false')
    await fab.focus()
    await page.keyboard.press('Enter')
    const input = page.getByLabel('Message', { exact: true })
    await expect.poll(() => input.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true)
    expect(await page.getByRole('dialog', { name: 'Questions? Chat with us' }).count()).toBe(1)
    expect(await page.locator('.panel ul').getAttribute('aria-live')).toBe('polite')

    await page.keyboard.type('Is the Aurora blend good for espresso?')
    await page.keyboard.press('Enter')
    chatId = await shop.agent.answer()
    shop.agent.say(chatId, 'Yes — grind it fine and pull 18 g in, 36 g out.')
    await page.locator('.panel').getByText('grind it fine').waitFor()

    await page.keyboard.press('Escape')
    await page.locator('.panel').waitFor({ state: 'detached' })
    expect(await fab.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true)
    expect(await fab.getAttribute('aria-expanded')).toBe('false')
  })

  it('has no axe violations with the window open in the light theme', async () => {
    await page.locator('button.fab').click()
    await page.locator('.panel').getByText('grind it fine').waitFor()
    expect(await axe(page)).toEqual([])
    await screenshot(page, 'widget-a11y-light')
  })

  it('sees inside the shadow root: a button that loses its name is reported', async () => {
    await page.locator('.panel button.send').evaluate((b) => b.removeAttribute('aria-label'))
    expect((await axe(page)).map((v) => v.id)).toContain('button-name')
    await page.locator('.panel button.send').evaluate((b) => b.setAttribute('aria-label', 'Send'))
  })

  it('has no axe violations in the dark theme, which follows the page’s colour scheme', async () => {
    const dark = await shopPage({ colorScheme: 'dark' })
    await dark.locator('button.fab').click()
    await chatWithAgent(dark, shop.agent, 'Dark mode, please', 'Of course.')
    expect(await dark.locator('.panel').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(28, 28, 31)')
    expect(await axe(dark)).toEqual([])
    await screenshot(dark, 'widget-a11y-dark')
  })

  it('lays Arabic out right to left, with no axe violations', async () => {
    const rtl = await shopPage()
    await callParley(rtl, 'setLocale', 'ar')
    await rtl.locator('button.fab[aria-label="Questions? Chat with us"]').click()
    await chatWithAgent(rtl, shop.agent, 'مرحبا', 'أهلًا! كيف يمكنني المساعدة؟', 'الرسالة')
    expect(await rtl.locator('.w').getAttribute('dir')).toBe('rtl')
    expect(await rtl.locator('.w').getAttribute('lang')).toBe('ar')
    // The customer's own messages sit on the left in a right-to-left layout.
    const mine = await rtl.locator('.panel li.msg.customer').boundingBox()
    const theirs = await rtl.locator('.panel li.msg.agent').boundingBox()
    expect(mine!.x).toBeLessThan(theirs!.x)
    expect(await axe(rtl)).toEqual([])
    await screenshot(rtl, 'widget-a11y-rtl')
  })

  it('has no axe violations with the disabled launcher, which says nobody is available', async () => {
    const p = await (await shop.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    // The shop with data-availability="disabled" (on its own origin), while every agent is off.
    shop.agent.client.send({ type: 'status', on: false })
    await shop.agent.client.next('me', (f) => f.me.on === false)
    try {
      await p.goto(shop.site.url + '/disabled')
      await parleyReady(p)
      const fab = p.locator('button.fab.off')
      await fab.waitFor()
      expect(await fab.getAttribute('aria-label')).toBe('Questions? Chat with us — No agent is available right now.')
      await fab.click()
      await p.locator('.note').filter({ hasText: 'No agent is available right now.' }).waitFor()
      expect(await p.getByLabel('Message', { exact: true }).isDisabled()).toBe(true)
      expect(await axe(p)).toEqual([])
      await screenshot(p, 'widget-a11y-disabled')
    } finally {
      shop.agent.client.send({ type: 'status', on: true })
      await shop.agent.client.next('me', (f) => f.me.on === true)
    }
  })

  it('slides the window in, unless the visitor prefers reduced motion', async () => {
    const moving = (p: Page) =>
      p.locator('parley-chat').evaluate(
        (host) =>
          [...host.shadowRoot!.querySelectorAll('*')].filter((el) => {
            const s = getComputedStyle(el)
            return s.animationName !== 'none' || s.transitionDuration !== '0s'
          }).length
      )
    // Counted once the chat runs: until then the launcher's spinner turns (a loading state, in both).
    const opened = (p: Page) => p.locator('parley-chat button.fab[aria-busy="false"]').waitFor()
    const lively = await shopPage()
    await lively.locator('button.fab').click()
    await opened(lively)
    expect(await moving(lively)).toBe(1)
    const calm = await shopPage({ reducedMotion: 'reduce' })
    await calm.locator('button.fab').click()
    await opened(calm)
    expect(await moving(calm)).toBe(0)
  })
})
