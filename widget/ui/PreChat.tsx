// The pre-chat form (forms chunk): the questions the site asks before the first message.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { View } from './actions.js'
import { Form } from './Form.js'

/** The questions still open (v.pre); once answered, the composer shows. */
export const PreChat = (v: View) => <Form v={v} f={v.pf} fields={v.pre} note={v.t.preNote} button={v.t.start} submit={v.a.pre} />
