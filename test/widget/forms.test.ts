// The chat window's forms as data: pre-chat questions, checks in the visitor's language, the
// transcript as text, and read receipts in the state machine.
import { describe, expect, it } from 'vitest'
import { check, preFields, refusal, transcriptText } from '../../widget/chat/forms.js'
import { initialState, receive, see, type ChatState } from '../../widget/state.js'
import { formsEn } from '../../widget/chat/forms-strings.js'
import { toStrings } from '../../widget/strings.js'
import type { FormState } from '../../widget/ui/actions.js'
import { chat, msg, welcome } from './fakes.js'

// The texts the forms chunk draws with: the chat's and its own.
const en = toStrings({}, formsEn)

const form = (v: Record<string, string>): FormState => ({ v, e: {} })

describe('pre-chat questions', () => {
  const site = { name: 'required', email: 'optional', topic: 'required', topics: ['Orders', 'Returns'] } as const

  it('asks for every field the site turned on, with its rule and the topic list', () => {
    expect(preFields({ ...site, topics: [...site.topics] }, {})).toEqual([
      { k: 'name', opt: false, opts: undefined },
      { k: 'email', opt: true, opts: undefined },
      { k: 'topic', opt: false, opts: ['Orders', 'Returns'] }
    ])
  })

  it('skips fields that are off and what identify() already told', () => {
    expect(preFields({ ...site, email: 'off', topics: ['Orders'] }, { name: 'Grace' }).map((f) => f.k)).toEqual(['topic'])
    expect(preFields({ name: 'off', email: 'off', topic: 'off', topics: [] }, {})).toEqual([])
    expect(preFields(undefined, {})).toEqual([])
  })
})

describe('checking a form', () => {
  const fields = [{ k: 'name' }, { k: 'email' }, { k: 'topic', opt: true }] as const

  it('names each empty required field and a malformed email, and nothing else', () => {
    const f = form({ name: '  ', email: 'grace@', topic: '' })
    expect(check(f, [...fields], en)).toBe(false)
    expect(f.e).toEqual({ name: 'Please fill this in.', email: 'Please enter a valid email address.' })
    // What the visitor typed stays as they typed it.
    expect(f.v).toEqual({ name: '  ', email: 'grace@', topic: '' })
  })

  it('passes a complete form and clears the earlier errors', () => {
    const f = form({ name: 'Grace', email: ' grace@shop.example ' })
    f.e = { name: 'old' }
    expect(check(f, [...fields], en)).toBe(true)
    expect(f.e).toEqual({})
  })

  it('speaks the visitor’s language', () => {
    const de = toStrings({ required: 'Bitte füllen Sie dieses Feld aus.' }, formsEn)
    const f = form({})
    check(f, [fields[0]], de)
    expect(f.e.name).toBe('Bitte füllen Sie dieses Feld aus.')
  })

  it('turns a refusal into a sentence: known codes by name, the rest as not sent', () => {
    expect(refusal(en, 'rate_limited')).toBe(en.rate_limited)
    expect(refusal(en, 'bad_frame')).toBe(en.notSent)
    expect(refusal(en, undefined)).toBe(en.notSent)
  })
})

describe('the transcript as text', () => {
  it('has the title and date, then one line per message with its time and author; images as links', () => {
    const at = (min: number) => new Date(2025, 0, 1, 9, min).getTime()
    const text = transcriptText(
      'Coffee & Co',
      [
        msg(1, { from: 'customer', name: undefined, at: at(5), parts: [{ type: 'text', text: 'Hello' }] }),
        msg(2, { from: 'system', event: 'joined', at: at(6), parts: [] }),
        msg(3, { at: at(7), parts: [{ type: 'text', text: 'Hi!' }] }),
        msg(4, { from: 'customer', name: undefined, at: at(8), parts: [{ type: 'image', id: 'img 1', mime: 'image/png', width: 1, height: 1 }] })
      ],
      en,
      'https://relay.test'
    )
    expect(text.split('\n')).toEqual([
      'Coffee & Co — ' + new Date(at(5)).toLocaleDateString('en'),
      '',
      '[09:05] You: Hello',
      '[09:06] Alice joined the chat',
      '[09:07] Alice: Hi!',
      '[09:08] You: https://relay.test/uploads/img%201',
      ''
    ])
  })
})

describe('read receipts in the state', () => {
  const live = (): ChatState => receive({ ...initialState, open: true }, welcome(true, chat({ status: 'active' }), [msg(1, { from: 'customer' }), msg(2)])).s

  it('tells the relay once that the customer read up to the newest agent message', () => {
    const first = see(live())
    expect(first.out).toEqual([{ type: 'read', seq: 2 }])
    expect(see(first.s).out).toEqual([])
    const more = receive(first.s, { type: 'message', message: msg(3) }).s
    expect(see(more).out).toEqual([{ type: 'read', seq: 3 }])
  })

  it('says nothing while offline, without a chat, or when the relay already knows (after a reconnect)', () => {
    expect(see({ ...live(), online: false }).out).toEqual([])
    expect(see(initialState).out).toEqual([])
    const again = receive(live(), { ...welcome(true, chat({ status: 'active' }), []), reads: { customer: 2, agent: 0 } } as never).s
    expect(see(again).out).toEqual([])
  })

  it('follows the agent’s read mark, which only grows, and starts over with a new chat', () => {
    let s = receive(live(), { type: 'read', seq: 1 }).s
    expect(s.seen).toBe(1)
    s = receive(s, { type: 'history', messages: [], reads: { customer: 0, agent: 0 } }).s
    expect(s.seen).toBe(1)
    s = receive(s, { type: 'started', token: 't', chat: chat({ id: 'chat2' }) }).s
    expect([s.seen, s.read]).toEqual([0, 0])
  })
})

describe('refusals of what the site does not offer', () => {
  it('shows no notice for not_offered (a read receipt to a relay without them), but does for other codes', () => {
    const s = receive(initialState, { type: 'error', code: 'not_offered', message: 'This relay does not offer that yet' }).s
    expect(s.notice).toBeUndefined()
    expect(receive(s, { type: 'error', code: 'rate_limited', message: 'slow down' }).s.notice).toBe('rate_limited')
  })
})
