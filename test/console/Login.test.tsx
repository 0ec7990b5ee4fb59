// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import type { AgentSelf } from '../../protocol/index.js'
import { Login } from '../../console/components/Login.js'
import { button, fakeFetch, field, mount, settle, step, text, typeInto } from './dom.js'
import { anna } from './fixtures.js'

describe('login form', () => {
  afterEach(() => {
    document.body.innerHTML = ''
  })

  const fill = async (root: HTMLElement, email: string, password: string) => {
    await typeInto(field(root, 'Email'), email)
    await typeInto(field(root, 'Password'), password)
    await step(() => button(root, 'Log in').click())
    await settle()
  }

  it('posts the email and password as JSON and hands over the agent', async () => {
    const api = fakeFetch({ 'POST /api/login': { status: 200, body: { me: anna() } } })
    const logged: AgentSelf[] = []
    const { root } = await mount(<Login fetchImpl={api.fetchImpl} onLoggedIn={(me) => logged.push(me)} />)
    await fill(root, ' anna@example.com ', 'secret pass')
    expect(api.calls).toEqual([{ method: 'POST', url: '/api/login', body: { email: 'anna@example.com', password: 'secret pass' } }])
    expect(logged.map((me) => me.displayName)).toEqual(['Anna Berg'])
  })

  it("shows the relay's message for wrong credentials", async () => {
    const api = fakeFetch({ 'POST /api/login': { status: 401, body: { code: 'unauthorized', message: 'Wrong email or password' } } })
    const logged: AgentSelf[] = []
    const { root } = await mount(<Login fetchImpl={api.fetchImpl} onLoggedIn={(me) => logged.push(me)} />)
    await fill(root, 'anna@example.com', 'nope')
    expect(text(root.querySelector('[role="alert"]'))).toBe('Wrong email or password')
    expect(logged).toEqual([])
    expect(button(root, 'Log in').disabled).toBe(false)
  })

  it('says so when the relay cannot be reached', async () => {
    const api = fakeFetch({})
    const { root } = await mount(<Login fetchImpl={api.fetchImpl} onLoggedIn={() => {}} />)
    await fill(root, 'anna@example.com', 'secret')
    expect(text(root.querySelector('[role="alert"]'))).toMatch(/Cannot reach the server/)
  })

  it('shows why the agent has to log in again', async () => {
    const { root } = await mount(<Login notice="Your session has ended. Please log in again." onLoggedIn={() => {}} />)
    expect(text(root.querySelector('[role="status"]'))).toBe('Your session has ended. Please log in again.')
  })
})
