// The demo shop and the console in a real Chromium, through nginx in front of two relay nodes on
// PostgreSQL and Redis (the README's configuration, test/helpers/cluster.ts): the console's login
// and socket, the widget's chat, and a node SIGKILLed in the middle of it.
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLUSTER_ADMIN, CLUSTER_PASSWORD, startCluster, type TestCluster } from '../helpers/cluster.js'
import { skipWithoutNginx } from '../helpers/nginx.js'
import { skipWithoutPg } from '../helpers/pg.js'
import { skipWithoutRedis } from '../helpers/redis.js'
import { hasChromium, launchBrowser, screenshot } from './browser.js'

const skip =
  !hasChromium() ||
  (await skipWithoutPg('load balancer in the browser')) ||
  (await skipWithoutRedis('load balancer in the browser')) ||
  skipWithoutNginx('load balancer in the browser')

describe.skipIf(skip)('the shop and the console through nginx in front of two nodes', () => {
  let cluster: TestCluster
  let browser: Browser
  let customer: Page
  let agent: Page
  beforeAll(async () => {
    cluster = await startCluster(2, { nginx: true, env: { PARLEY_AGENT_GRACE_MS: '600000', PARLEY_CHAT_GRACE_MS: '600000' } })
    browser = await launchBrowser()
    customer = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    customer.setDefaultTimeout(30_000)
    agent.setDefaultTimeout(30_000)
  })
  afterAll(async () => {
    await browser?.close()
    await cluster?.stop()
  })

  it('lets the agent log in, switch on, and answer a customer, messages both ways', async () => {
    await agent.goto(cluster.nginx!.url + '/console/')
    await agent.getByLabel('Email').fill(CLUSTER_ADMIN)
    await agent.getByLabel('Password').fill(CLUSTER_PASSWORD)
    await agent.getByRole('button', { name: 'Log in' }).click()
    await agent.getByTestId('connection').filter({ hasText: 'Online' }).waitFor()
    await agent.getByRole('switch').click()

    await customer.goto(cluster.nginx!.url + '/')
    await customer.locator('button.fab').click()
    const customerInput = customer.getByLabel('Message', { exact: true })
    await customerInput.fill('Hello through the load balancer')
    await customerInput.press('Enter')
    await agent.getByTestId('waiting-item').filter({ hasText: 'Hello through the load balancer' }).click()
    await customer.getByText('joined the chat').waitFor()

    const agentInput = agent.getByTestId('chat-window').getByLabel('Message', { exact: true })
    await agentInput.fill('Hi! How can I help?')
    await agentInput.press('Enter')
    await customer.getByText('Hi! How can I help?').waitFor()
    await customerInput.fill('My parcel is late')
    await customerInput.press('Enter')
    await agent.getByTestId('chat-window').getByText('My parcel is late').waitFor()
    await screenshot(agent, 'lb-1-console-chatting')
  })

  it('keeps the conversation going without a reload when a node is SIGKILLed', async () => {
    await cluster.kill(0)
    // Whichever page was on node 0 reconnects through nginx to node 1; both write again.
    const customerInput = customer.getByLabel('Message', { exact: true })
    await customerInput.fill('Are you still there?')
    await customerInput.press('Enter')
    await agent.getByTestId('chat-window').getByText('Are you still there?').waitFor()
    const agentInput = agent.getByTestId('chat-window').getByLabel('Message', { exact: true })
    await agentInput.fill('Yes, still here')
    await agentInput.press('Enter')
    await customer.getByText('Yes, still here').waitFor()

    const agentSide = await agent.getByTestId('chat-window').getByTestId('message').allTextContents()
    const order = ['Hello through the load balancer', 'Hi! How can I help?', 'My parcel is late', 'Are you still there?', 'Yes, still here'].map((t) =>
      agentSide.findIndex((m) => m.includes(t))
    )
    expect(order.every((i, k) => i >= 0 && (k === 0 || i > order[k - 1]!))).toBe(true)
    const customerSide = await customer.locator('.panel').innerText()
    for (const t of ['Hi! How can I help?', 'My parcel is late', 'Are you still there?', 'Yes, still here'])
      expect(customerSide.split(t).length, `"${t}" once on the customer's side`).toBe(2)
    await screenshot(customer, 'lb-2-shop-after-node-kill')
    await screenshot(agent, 'lb-2-console-after-node-kill')
  })
})
