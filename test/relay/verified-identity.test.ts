// Regression: a customer could pass as verified. (a) With no proof at all, a name like
// "Grace Hopper ✓" and an "email" like "grace@shop.example (verified)" looked exactly like a
// verified customer; (b) a real user with a valid hash for their own id could send someone else's
// name and email beside it and be shown as that person, verified.
import { SignJWT } from 'jose'
import { afterEach, describe, expect, it } from 'vitest'
import { identityHash } from '../../relay/security/identity.js'
import { onlineAgent, waitingCustomer } from '../helpers/flows.js'
import { startTestRelay, type TestRelay } from '../helpers/relay.js'

const SECRET = 'a site secret of 32 characters!!'
const token = (claims: Record<string, unknown>, secret = SECRET, expiresIn = '5m') =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret))

describe('who a customer is', () => {
  let relay: TestRelay
  afterEach(() => relay.close())

  /** Sends identify from a waiting customer and returns the customer as the agents' panel shows them. */
  const shownAs = async (claim: object) => {
    await onlineAgent(relay, 'Alice')
    const { client, chatId } = await waitingCustomer(relay, 'Hello there')
    client.send({ type: 'identify', ...claim })
    // Frames are handled in order: once the ping is answered, the claim has been applied.
    client.send({ type: 'ping' })
    await client.next('pong')
    const customer = relay.app.parley.hub.panel().waiting.find((w) => w.id === chatId)!.customer
    return { customer, client }
  }

  it('refuses text that is no email address, so "(verified)" cannot ride along in it', async () => {
    relay = await startTestRelay({ identitySecret: SECRET })
    await onlineAgent(relay, 'Alice')
    const { client } = await waitingCustomer(relay, 'Hi')
    client.send({ type: 'identify', name: 'Grace Hopper ✓', email: 'grace@shop.example (verified)' })
    expect(await client.next('error')).toMatchObject({ code: 'bad_frame', message: 'email must be an email address such as name@example.com' })
  })

  it('proves nothing without a proof: a name with a tick is only words', async () => {
    relay = await startTestRelay({ identitySecret: SECRET })
    const { customer } = await shownAs({ name: 'Grace Hopper ✓', email: 'grace@shop.example' })
    expect(customer).toEqual({ name: 'Grace Hopper ✓', email: 'grace@shop.example', verified: [] })
  })

  it('proves only the id with a valid hash: someone else’s name and email beside it stay unproven', async () => {
    relay = await startTestRelay({ identitySecret: SECRET })
    const { customer } = await shownAs({ id: 'u-mallory', hash: identityHash('u-mallory', SECRET), name: 'Grace Hopper', email: 'grace@shop.example' })
    expect(customer).toEqual({ name: 'Grace Hopper', email: 'grace@shop.example', externalId: 'u-mallory', verified: ['id'] })
  })

  it('proves every claim a signed token carries, which replace the plain fields sent beside it', async () => {
    relay = await startTestRelay({ identitySecret: SECRET })
    const signed = await token({ sub: 'u-grace', name: 'Grace Hopper', email: 'grace@shop.example' })
    const { customer } = await shownAs({ token: signed, name: 'Someone Else', email: 'else@evil.example' })
    expect(customer).toEqual({ name: 'Grace Hopper', email: 'grace@shop.example', externalId: 'u-grace', verified: ['id', 'name', 'email'] })
  })

  it('proves only what a token carries: an email claim it lacks stays the customer’s word', async () => {
    relay = await startTestRelay({ identitySecret: SECRET })
    const { customer } = await shownAs({ token: await token({ sub: 'u-grace', name: 'Grace Hopper' }), email: 'grace@shop.example' })
    expect(customer).toEqual({ name: 'Grace Hopper', email: 'grace@shop.example', externalId: 'u-grace', verified: ['id', 'name'] })
  })

  it('proves nothing with a forged, expired or unsigned token', async () => {
    relay = await startTestRelay({ identitySecret: SECRET })
    const forged = await token({ sub: 'u-grace', name: 'Grace Hopper' }, 'another secret of 32 characters!')
    const { customer, client } = await shownAs({ token: forged, name: 'Mallory' })
    expect(customer).toEqual({ name: 'Mallory', verified: [] })
    const expired = await token({ sub: 'u-grace', name: 'Grace Hopper' }, SECRET, '-10m')
    client.send({ type: 'identify', token: expired, name: 'Mallory again' })
    const none = 'eyJhbGciOiJub25lIn0.' + Buffer.from(JSON.stringify({ sub: 'u-grace', name: 'Grace Hopper' })).toString('base64url') + '.'
    client.send({ type: 'identify', token: none, name: 'Mallory thrice' })
    // A ping is answered after both claims were handled (frames are handled in order).
    client.send({ type: 'ping' })
    await client.next('pong')
    const [chat] = await relay.app.parley.store.listChats('waiting')
    expect(await relay.app.parley.store.getVisitor(chat!.visitorId)).toMatchObject({ name: 'Mallory thrice', verified: 0 })
  })
})
