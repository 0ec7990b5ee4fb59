// Guards of issue 12's frames and bodies: offline form, business hours, pre-chat form, ratings,
// transcripts, read receipts and internal notes.
import { describe, expect, it } from 'vitest'
import {
  ALWAYS_OPEN,
  parseAgentMsg,
  parseCustomerMsg,
  parseOfflineMessage,
  parseRelayToAgent,
  parseRelayToCustomer,
  PRE_CHAT_LIMITS,
  RATING_COMMENT_CHARS,
  parseSiteSettings,
  WIRE
} from '../../protocol/index.js'

const text = (t: string) => [{ type: 'text', text: t }]
const note = { id: 'n-1', chatId: 'c1', agentId: 'a1', name: 'Ann', text: 'Refund approved by Bea', at: 5 }
const preChat = { name: 'required', email: 'optional', topic: 'required', topics: ['Orders', 'Returns'] }
const site = { allowedOrigins: ['https://shop.example'], widgetTitle: 'Chat', widgetColor: '#112233', greeting: '' }

const accepts = (parse: (v: unknown) => unknown, frame: unknown) => expect(parse(JSON.stringify(frame))).toEqual({ ok: true, value: frame })
const refuses = (parse: (v: unknown) => { ok: boolean; error?: string }, frame: unknown, reason: RegExp) => {
  const r = parse(JSON.stringify(frame))
  expect(r.ok).toBe(false)
  expect(r.error).toMatch(reason)
}

describe('customer frames of issue 12', () => {
  it.each([
    ['a start with pre-chat values', { type: 'start', id: 'm1', parts: text('Hi'), preChat: { name: 'Ada', email: 'ada@example.com', topic: 'Orders' } }],
    ['a read mark', { type: 'read', seq: 7 }],
    ['a rating', { type: 'rate', rating: 'good' }],
    ['a rating with a comment', { type: 'rate', rating: 'bad', comment: 'Too slow' }],
    ['a transcript request', { type: 'transcript', email: 'ada@example.com' }]
  ])('accepts %s', (_n, frame) => accepts(parseCustomerMsg, frame))

  it.each([
    [
      'a pre-chat email that is no address',
      { type: 'start', id: 'm1', parts: text('Hi'), preChat: { email: 'ada at home' } },
      /preChat.email must be an email/
    ],
    ['a pre-chat name too long', { type: 'start', id: 'm1', parts: text('Hi'), preChat: { name: 'x'.repeat(PRE_CHAT_LIMITS.nameChars + 1) } }, /preChat.name/],
    ['a read without seq', { type: 'read' }, /seq must be/],
    ['a negative read', { type: 'read', seq: -1 }, /seq must be/],
    ['a rating of five stars', { type: 'rate', rating: 5 }, /rating must be one of good, bad/],
    ['a rating comment too long', { type: 'rate', rating: 'good', comment: 'x'.repeat(RATING_COMMENT_CHARS + 1) }, /comment must be/],
    ['a transcript to no address', { type: 'transcript', email: 'grace@shop.example (verified)' }, /email must be an email/],
    ['a transcript without address', { type: 'transcript' }, /email must be/]
  ])('refuses %s', (_n, frame, reason) => refuses(parseCustomerMsg, frame, reason))

  it('trims pre-chat values and drops blank ones', () => {
    const r = parseCustomerMsg({ type: 'start', id: 'm1', parts: text('Hi'), preChat: { name: '  Ada ', email: '', topic: ' ' } })
    expect(r).toEqual({ ok: true, value: { type: 'start', id: 'm1', parts: text('Hi'), preChat: { name: 'Ada' } } })
  })

  it('drops a blank rating comment', () => {
    expect(parseCustomerMsg({ type: 'rate', rating: 'good', comment: '   ' })).toEqual({ ok: true, value: { type: 'rate', rating: 'good' } })
  })
})

describe('relay-to-customer frames of issue 12', () => {
  it.each([
    ['a live site change', { type: 'site', site: { offline: 'form', preChat, ratings: true, transcript: { email: false }, outsideHours: true } }],
    ['availability outside business hours', { type: 'availability', available: false, outsideHours: true }],
    ['an agent read mark', { type: 'read', seq: 4 }],
    ['a transcript sent', { type: 'transcript', email: 'ada@example.com' }],
    ['a history with read marks', { type: 'history', messages: [], reads: { customer: 3, agent: 2 } }],
    [
      'a welcome with read marks and a rated chat',
      {
        type: 'welcome',
        v: 1,
        available: true,
        chat: { id: 'c1', status: 'ended', lastSeq: 4, rating: 'good' },
        messages: [],
        reads: { customer: 4, agent: 4 }
      }
    ]
  ])('accepts %s', (_n, frame) => accepts(parseRelayToCustomer, frame))

  it.each([
    ['an unknown offline mode', { type: 'site', site: { offline: 'popup' } }, /site.offline must be one of hide, disabled, form/],
    ['read marks without the agent side', { type: 'history', messages: [], reads: { customer: 1 } }, /reads.agent must be/],
    ['a topic rule without topics', { type: 'site', site: { preChat: { ...preChat, topics: [] } } }, /topics must list at least one/]
  ])('refuses %s', (_n, frame, reason) => refuses(parseRelayToCustomer, frame, reason))
})

describe('agent frames of issue 12', () => {
  it.each([
    ['a read mark', { type: 'read', chatId: 'c1', seq: 3 }],
    ['a note', { type: 'note', chatId: 'c1', id: 'n-1', text: 'Call back tomorrow' }]
  ])('accepts %s', (_n, frame) => accepts(parseAgentMsg, frame))

  it.each([
    ['a read without chat', { type: 'read', seq: 3 }, /chatId must be/],
    ['an empty note', { type: 'note', chatId: 'c1', id: 'n-1', text: '  ' }, /text must not be empty/],
    ['a note without id', { type: 'note', chatId: 'c1', text: 'x' }, /id must be/],
    ['a note too long', { type: 'note', chatId: 'c1', id: 'n', text: 'x'.repeat(WIRE.textChars + 1) }, /text must be/]
  ])('refuses %s', (_n, frame, reason) => refuses(parseAgentMsg, frame, reason))

  it('a customer cannot add a note or mark an agent read', () => {
    expect(parseCustomerMsg({ type: 'note', chatId: 'c1', id: 'n', text: 'x' }).ok).toBe(false)
    expect(parseCustomerMsg({ type: 'read', chatId: 'c1', seq: 1 })).toEqual({ ok: true, value: { type: 'read', seq: 1 } })
  })
})

describe('relay-to-agent frames of issue 12', () => {
  const summary = {
    id: 'c1',
    status: 'ended',
    title: 'Refund',
    customer: { name: 'Ada', email: 'ada@example.com', verified: [] },
    createdAt: 1,
    firstText: 'Hi',
    lastSeq: 3,
    tags: [],
    visitor: {},
    topic: 'Orders',
    rating: 'bad',
    ratingComment: 'Slow',
    outsideHours: true,
    offline: true
  }
  it.each([
    ['a note', { type: 'note', note }],
    ['a customer read mark', { type: 'read', chatId: 'c1', seq: 2 }],
    ['business hours', { type: 'hours', outsideHours: true }],
    ['a history with notes and read marks', { type: 'history', chatId: 'c1', messages: [], notes: [note], reads: { customer: 1, agent: 0 } }],
    ['a chat with pre-chat topic, rating and hours', { type: 'chat', chat: summary }],
    ['a welcome outside business hours', { type: 'welcome', v: 1, me: undefined, panel: undefined, pv: 0, mine: [], outsideHours: true }]
  ])('accepts %s', (name, frame) => {
    if (name.startsWith('a welcome')) {
      const me = {
        id: 'a1',
        name: 'Ann',
        displayName: 'Ann',
        email: 'a@x.io',
        role: 'admin',
        on: true,
        maxChats: 4,
        greetings: [],
        sound: true,
        notifications: true
      }
      accepts(parseRelayToAgent, { ...frame, me, panel: { waiting: [], chatting: [], agents: [] } })
    } else accepts(parseRelayToAgent, frame)
  })

  it('accepts a ticket with its rating, made from the offline form', () => {
    const ticket = {
      id: 't1',
      number: 1,
      chatId: 'c1',
      title: 'Hello',
      customer: { name: 'Ada' },
      tags: [],
      status: 'open',
      note: 'n',
      chatUrl: 'http://x/console/#/chat/c1',
      createdAt: 1,
      webhook: { status: 'none', attempts: 0 },
      rating: 'good',
      ratingComment: 'Thanks',
      offline: true,
      outsideHours: false
    }
    accepts(parseRelayToAgent, { type: 'ticket', ticket })
  })

  it.each([
    ['a note without text', { type: 'note', note: { ...note, text: '' } }, /note.text must be/],
    ['hours without the flag', { type: 'hours' }, /outsideHours must be a boolean/],
    ['a chat with an unknown rating', { type: 'chat', chat: { ...summary, rating: 'meh' } }, /chat.rating must be one of/]
  ])('refuses %s', (_n, frame, reason) => refuses(parseRelayToAgent, frame, reason))
})

describe('readSiteSettings', () => {
  const read = parseSiteSettings

  it('accepts the first version’s settings alone (an older console keeps the stored rest)', () => {
    expect(read(site)).toEqual({ ok: true, value: site })
  })

  it('accepts every setting of issue 12', () => {
    const full = { ...site, timeZone: 'Europe/Berlin', offlineMode: 'form', businessHours: ALWAYS_OPEN, preChat, ratings: true, transcripts: false }
    expect(read(full)).toEqual({ ok: true, value: full })
  })

  it.each([
    ['an unknown offline mode', { ...site, offlineMode: 'popup' }, /offlineMode must be one of hide, disabled, form/],
    ['a pre-chat rule that does not exist', { ...site, preChat: { ...preChat, name: 'maybe' } }, /preChat.name must be one of off, optional, required/],
    ['too many topics', { ...site, preChat: { ...preChat, topics: Array.from({ length: 21 }, (_, i) => 't' + i) } }, /topics must be a list of at most 20/],
    ['a topic too long', { ...site, preChat: { ...preChat, topics: ['x'.repeat(81)] } }, /topics\[0\] must be a string of 1–80/],
    ['a repeated topic', { ...site, preChat: { ...preChat, topics: ['A', 'A'] } }, /must not repeat/],
    ['ratings as a string', { ...site, ratings: 'yes' }, /ratings must be a boolean/],
    ['hours in an unknown zone', { ...site, businessHours: { ...ALWAYS_OPEN, timeZone: 'Mars/Olympus' } }, /IANA time zone/],
    ['a colour that is no colour', { ...site, widgetColor: 'red' }, /widgetColor must be/],
    ['an unknown time zone', { ...site, timeZone: 'Europe/Atlantis' }, /not a time zone/]
  ])('refuses %s', (_n, body, reason) => {
    const r = read(body)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(reason)
  })

  it('drops fields it does not know', () => {
    expect(read({ ...site, admin: true })).toEqual({ ok: true, value: site })
  })
})

describe('readOfflineMessage', () => {
  const read = (v: unknown) => parseOfflineMessage(v, 5000, 100)
  const form = { name: 'Ada', email: 'ada@example.com', message: 'Do you ship to Norway?' }

  it('accepts a filled form, trimmed, with an optional image and the empty honeypot', () => {
    expect(read({ ...form, name: ' Ada ', image: 'iVBORw0KGgo=', website: '' })).toEqual({ ok: true, value: { ...form, image: 'iVBORw0KGgo=', website: '' } })
  })

  it.each([
    ['no name', { ...form, name: ' ' }, /^name: please tell us your name/],
    ['an address that is none', { ...form, email: 'ada' }, /^email: please give an email address/],
    ['no message', { ...form, message: '' }, /^message: please write your message/],
    ['a message over the limit', { ...form, message: 'x'.repeat(5001) }, /message must be a string of 0–5000/],
    ['an image that is not base64', { ...form, image: '<svg>' }, /image must be base64/],
    ['an image over its bound', { ...form, image: 'A'.repeat(101) }, /image must be a string of 0–100/]
  ])('refuses %s, naming the field', (_n, body, reason) => {
    const r = read(body)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatch(reason)
  })
})
