// The hand-written declarations users get (dist/parley.d.ts) against the widget's own types: the
// same API, the same events, and the options users may pass. Checked by `tsc`; the `it` keeps the
// file in the test run.
import { describe, expect, it } from 'vitest'
import type * as Api from '../../widget/api.js'
import type * as Dts from '../../widget/parley.js'

// A compile-time equality of two types.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
const same = <A, B>(ok: Same<A, B>) => ok

describe('TypeScript declarations', () => {
  it('declare the API, its events and its options as the widget implements them', () => {
    expect(same<Dts.Parley, Api.Parley>(true)).toBe(true)
    expect(same<Dts.ParleyEvents, Api.ParleyEvents>(true)).toBe(true)
    expect(same<Dts.Identity, Api.Identity>(true)).toBe(true)
    // The widget takes more (a transport and a store for tests); users' options must all be valid.
    const options: Dts.ParleyOptions = { relay: 'https://chat.example.com' }
    const accepted: Api.ParleyOptions = options
    expect(accepted.relay).toBe('https://chat.example.com')
  })

  it('check event names and payloads, and method arguments, at compile time', () => {
    const p = {} as Dts.Parley
    const createParley = (() => p) as typeof Dts.createParley
    const compileOnly = () => {
      createParley({ relay: 'https://chat.example.com', position: 'left', offset: '24 96', launcher: false })
      p.on('unread', (n: number) => n)
      p.on('message', (m) => m.parts.map((part) => (part.type === 'text' ? part.text : part.id)))
      p.on('chat:end', (c) => c.status)
      // @ts-expect-error not an event
      p.on('opened', () => {})
      // @ts-expect-error `availability` carries a boolean
      p.on('availability', (online: string) => online)
      // @ts-expect-error `unread` carries a number
      p.off('unread', (n: string) => n)
      // @ts-expect-error identify takes an object
      p.identify('user-1')
      // @ts-expect-error position is left or right
      const bad: Dts.ParleyOptions = { relay: 'x', position: 'top' }
      // @ts-expect-error the relay is required
      createParley({ title: 'Help' })
      return bad
    }
    expect(typeof compileOnly).toBe('function')
  })
})
