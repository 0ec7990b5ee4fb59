// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { ALWAYS_OPEN, PRE_CHAT_OFF, type AgentAccount, type SiteSettings, type TextModule } from '../../protocol/index.js'
import { button, field, one, resetPageEachTest, settle, step, text, typeInto } from './dom.js'
import { anna, panel } from './fixtures.js'
import { start } from './harness.js'

const account = (over: Partial<AgentAccount> = {}): AgentAccount => ({
  id: 'agent-anna',
  name: 'Anna',
  displayName: 'Anna Berg',
  email: 'anna@example.com',
  role: 'admin',
  disabled: false,
  on: true,
  maxChats: 3,
  ...over
})
const ben = account({ id: 'agent-ben', name: 'Ben', displayName: 'Ben', email: 'ben@example.com', role: 'agent', on: false })
const site: SiteSettings = { allowedOrigins: ['https://shop.example'], widgetTitle: 'Chat with us', widgetColor: '#4f46e5', greeting: 'Hi!' }
const thanks: TextModule = { id: 'tm1', name: 'Thanks', keywords: 'thx', content: 'Thank you, {{customer.name}}!', updatedAt: 0 }

/** Anna, an admin, on `hash` with the admin API answering. */
const asAdmin = async (hash: string, routes = {}) => {
  location.hash = hash
  const s = await start(panel(), [], {
    'GET /api/agents': { status: 200, body: { agents: [account(), ben] } },
    'GET /api/site': { status: 200, body: { site } },
    'GET /api/text-modules': { status: 200, body: { modules: [thanks] } },
    ...routes
  })
  await step(() => s.socket.receive({ type: 'me', me: anna({ role: 'admin' }) }))
  await settle()
  return s
}

const select = (el: HTMLSelectElement, value: string) =>
  step(() => {
    el.value = value
    el.dispatchEvent(new Event('change', { bubbles: true }))
  })

describe('the admin screens', () => {
  resetPageEachTest()

  it('are offered to admins only', async () => {
    const { root, socket } = await start()
    expect([...root.querySelectorAll('.view-link')].map(text)).toEqual(['Chats', 'Tickets', 'Reports'])
    await step(() => socket.receive({ type: 'me', me: anna({ role: 'admin' }) }))
    expect([...root.querySelectorAll('.view-link')].map(text)).toEqual(['Chats', 'Tickets', 'Reports', 'Admin'])
  })

  it('tells an agent who follows an admin link that only admins may', async () => {
    location.hash = '#/admin/agents'
    const { root, api } = await start()
    await settle()
    expect(text(one(root, '[data-testid="admin-view"] [role="alert"]'))).toBe('Only admins can manage agents, the site and text modules.')
    expect(api.calls.some((c) => c.url === '/api/agents')).toBe(false)
  })

  it('lists agents and adds one with name, email, password and role', async () => {
    const cleo = account({ id: 'agent-cleo', name: 'Cleo', displayName: 'Cleo', email: 'cleo@example.com', role: 'agent', on: false })
    const { root, api } = await asAdmin('#/admin/agents', { 'POST /api/agents': { status: 201, body: { agent: cleo } } })
    expect([...root.querySelectorAll('[data-testid="agent-row"]')].map(text)).toEqual([
      expect.stringMatching(/^Anna \(you\) shown as Anna Berg anna@example.com/),
      expect.stringMatching(/^Ben ben@example.com .*Active · chat off/)
    ])
    await typeInto(field(root, 'Name'), 'Cleo')
    await typeInto(field(root, 'Email'), 'cleo@example.com')
    await typeInto(field(root, 'Password'), 'long enough')
    await select(field<HTMLSelectElement>(root, 'Role'), 'agent')
    await step(() => button(root, 'Add agent').click())
    await settle()
    expect(api.calls.at(-1)).toEqual({
      method: 'POST',
      url: '/api/agents',
      body: { name: 'Cleo', email: 'cleo@example.com', password: 'long enough', role: 'agent' }
    })
    expect(root.querySelectorAll('[data-testid="agent-row"]')).toHaveLength(3)
    expect(text(one(root, '.notice'))).toBe('Cleo was added. They can log in with cleo@example.com now.')
  })

  it('disables, enables, resets the password of and promotes an agent, but not the admin themself', async () => {
    const { root, api } = await asAdmin('#/admin/agents', {
      'PATCH /api/agents/agent-ben': { status: 200, body: { agent: { ...ben, disabled: true, on: false } } }
    })
    const row = () => one(root, '[data-agent-id="agent-ben"]')
    const mine = one(root, '[data-agent-id="agent-anna"]')
    expect(mine.querySelector('select')!.disabled).toBe(true)
    expect([...mine.querySelectorAll('button')].map(text)).toEqual(['Reset password'])

    await step(() => button(row(), 'Disable').click())
    await settle()
    expect(api.calls.at(-1)).toEqual({ method: 'PATCH', url: '/api/agents/agent-ben', body: { disabled: true } })
    expect(text(row())).toContain('Disabled')
    expect(text(one(root, '.notice'))).toBe('Ben was disabled and logged out.')

    api.routes['PATCH /api/agents/agent-ben'] = { status: 200, body: { agent: ben } }
    await step(() => button(row(), 'Enable').click())
    await settle()
    expect(api.calls.at(-1)?.body).toEqual({ disabled: false })

    await step(() => button(row(), 'Reset password').click())
    await typeInto(field(row(), 'New password for Ben'), 'short')
    await step(() => button(row(), 'Save').click())
    expect(text(one(root, '[role="alert"]'))).toBe('A password needs at least 8 characters.')
    await typeInto(field(row(), 'New password for Ben'), 'a new secret')
    await step(() => button(row(), 'Save').click())
    await settle()
    expect(api.calls.at(-1)?.body).toEqual({ password: 'a new secret' })
    expect(text(one(root, '.notice'))).toBe('The password of Ben was reset; their sessions ended.')

    api.routes['PATCH /api/agents/agent-ben'] = { status: 200, body: { agent: { ...ben, role: 'admin' } } }
    await select(field<HTMLSelectElement>(row(), 'Role of Ben'), 'admin')
    await settle()
    expect(api.calls.at(-1)?.body).toEqual({ role: 'admin' })
    expect(text(one(root, '.notice'))).toBe('Ben is now an admin.')
  })

  it("shows the relay's refusal, such as removing the last admin", async () => {
    const { root } = await asAdmin('#/admin/agents', {
      'PATCH /api/agents/agent-ben': { status: 409, body: { code: 'forbidden', message: 'At least one active admin must remain' } }
    })
    await step(() => button(one(root, '[data-agent-id="agent-ben"]'), 'Disable').click())
    await settle()
    expect(text(one(root, '[role="alert"]'))).toBe('At least one active admin must remain')
  })

  it('saves the site settings and refuses an origin with a path before asking the relay', async () => {
    const saved: SiteSettings = {
      allowedOrigins: ['https://shop.example', 'https://www.shop.example'],
      widgetTitle: 'Questions?',
      widgetColor: '#4f46e5',
      greeting: 'Hello there'
    }
    const { root, api } = await asAdmin('#/admin/site', { 'PUT /api/site': { status: 200, body: { site: saved } } })
    expect(field<HTMLTextAreaElement>(root, 'Allowed origins').value).toBe('https://shop.example')
    await typeInto(field<HTMLTextAreaElement>(root, 'Allowed origins'), 'https://shop.example\nhttps://www.shop.example/cart')
    await step(() => button(root, 'Save site settings').click())
    expect(text(one(root, '[role="alert"]'))).toContain('“https://www.shop.example/cart” is not an origin')
    expect(api.calls.some((c) => c.method === 'PUT')).toBe(false)
    await typeInto(field<HTMLTextAreaElement>(root, 'Allowed origins'), 'https://shop.example\n\nhttps://www.shop.example/\n')
    await typeInto(field(root, 'Widget title'), 'Questions?')
    await typeInto(field<HTMLTextAreaElement>(root, 'Greeting'), 'Hello there')
    await step(() => button(root, 'Save site settings').click())
    await settle()
    // The options the relay left out go back at their defaults (the site-settings tests change them).
    const defaults = { offlineMode: 'hide', businessHours: ALWAYS_OPEN, preChat: PRE_CHAT_OFF, ratings: false, transcripts: false }
    expect(api.calls.at(-1)).toEqual({ method: 'PUT', url: '/api/site', body: { ...saved, ...defaults } })
    expect(text(one(root, '.notice'))).toMatch(/^Saved\./)
  })

  it('creates, edits and deletes text modules (a delete asks once more)', async () => {
    const created: TextModule = { id: 'tm2', name: 'Shipping', keywords: 'parcel', content: 'We ship in 2 days.', updatedAt: 1 }
    const { root, api } = await asAdmin('#/admin/modules', {
      'POST /api/text-modules': { status: 201, body: { module: created } },
      'PUT /api/text-modules/tm1': { status: 200, body: { module: { ...thanks, content: 'Thanks a lot!' } } },
      'DELETE /api/text-modules/tm2': { status: 204 }
    })
    const names = () => [...root.querySelectorAll('[data-testid="module-row"] td:first-child')].map(text)
    expect(names()).toEqual(['Thanks'])
    await step(() => button(root, 'New text module').click())
    await typeInto(field(root, 'Name'), 'Shipping')
    await typeInto(field(root, 'Keywords'), 'parcel')
    await typeInto(field<HTMLTextAreaElement>(root, 'Content'), 'We ship in 2 days.')
    await step(() => button(root, 'Save text module').click())
    await settle()
    expect(api.calls.at(-1)).toEqual({
      method: 'POST',
      url: '/api/text-modules',
      body: { name: 'Shipping', keywords: 'parcel', content: 'We ship in 2 days.' }
    })
    expect(names()).toEqual(['Shipping', 'Thanks'])

    await step(() => button(root, 'Edit Thanks').click())
    expect(field<HTMLTextAreaElement>(root, 'Content').value).toBe('Thank you, {{customer.name}}!')
    await typeInto(field<HTMLTextAreaElement>(root, 'Content'), 'Thanks a lot!')
    await step(() => button(root, 'Save text module').click())
    await settle()
    expect(api.calls.at(-1)).toMatchObject({ method: 'PUT', url: '/api/text-modules/tm1', body: { content: 'Thanks a lot!' } })

    await step(() => button(root, 'Delete Shipping').click())
    expect(api.calls.some((c) => c.method === 'DELETE')).toBe(false)
    await step(() => button(root, 'Really delete').click())
    await settle()
    expect(api.calls.at(-1)).toMatchObject({ method: 'DELETE', url: '/api/text-modules/tm2' })
    expect(names()).toEqual(['Thanks'])
  })
})
