// What the loader does to the page that embeds it before anyone chats: nothing until the page has
// loaded (the widget's element, its socket and its files come after the `load` event and the next
// frame), and never a forced style recalculation or layout of the host page (what
// getComputedStyle or offsetWidth would cause, and what Chromium records with the script's stack).
// Screenshot: widget-started.
import { describe, expect, it } from 'vitest'
import { hasChromium, screenshot } from './browser.js'
import { withAgentOnline } from './widget-kit.js'

interface TraceEvent {
  name: string
  ph: string
  args?: { beginData?: { stackTrace?: { url?: string }[] }; data?: { stackTrace?: { url?: string }[] } }
}

describe.skipIf(!hasChromium())('the loader on a page view', () => {
  const env = withAgentOnline({ viewport: { width: 412, height: 823 }, isMobile: true })

  it('adds nothing to the page and opens no socket before the page has loaded, then shows the launcher', async () => {
    const page = await env.fresh()
    // What the page's state was when the widget's element joined it and when a socket was opened.
    await page.addInitScript(() => {
      const w = window as unknown as { seen: string[] }
      w.seen = []
      const Socket = WebSocket
      window.WebSocket = class extends Socket {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols)
          w.seen.push('socket while ' + document.readyState)
        }
      }
      new MutationObserver((records) => {
        for (const r of records) for (const n of r.addedNodes) if (n.nodeName === 'PARLEY-CHAT') w.seen.push('element while ' + document.readyState)
      }).observe(document, { childList: true, subtree: true })
    })
    await page.goto(env.relay.url + '/')
    await page.locator('button.fab').waitFor()
    expect(await page.evaluate(() => (window as unknown as { seen: string[] }).seen.sort())).toEqual(['element while complete', 'socket while complete'])
    await screenshot(page, 'widget-started')
  })

  it('forces no style recalculation or layout of the host page while it starts and shows the launcher', async () => {
    const page = await env.fresh()
    // Chromium records the script's stack on a style recalculation or layout that a script forced.
    await env.browser.startTracing(page, {
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'disabled-by-default-devtools.timeline.stack']
    })
    await page.goto(env.relay.url + '/')
    await page.locator('button.fab').waitFor()
    // The page's own script forces one, so the trace shows that such events are recorded at all.
    await page.evaluate(() => {
      document.body.style.paddingTop = '1px'
      return document.body.offsetWidth
    })
    const trace = JSON.parse((await env.browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }
    const forced = trace.traceEvents
      .filter((e) => (e.name === 'UpdateLayoutTree' || e.name === 'Layout') && e.ph !== 'E')
      .map((e) => (e.args?.beginData?.stackTrace ?? e.args?.data?.stackTrace ?? []).map((f) => f.url ?? ''))
      .filter((urls) => urls.length > 0)
    expect(forced.some((urls) => urls.some((u) => !u.includes('/parley')))).toBe(true)
    expect(forced.filter((urls) => urls.some((u) => u.includes('/parley')))).toEqual([])
  })
})
