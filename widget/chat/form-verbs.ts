// What the forms do when the visitor sends one (forms chunk): the offline form to the relay, the
// pre-chat answers kept for the chat's start, the rating and the transcript by email as frames, the
// transcript as a text file. They work on the chat's forms (kept by ./start-chat.ts, so nothing
// typed is lost while the chunk is on its way, and a reload keeps the offline form's values).
import type { CustomerMsg, RelayToCustomer } from '../../protocol/index.js'
import type { ShownMessage } from '../state.js'
import { fmt, type Strings } from '../strings.js'
import type { EndState, FieldSpec, FormState } from '../ui/actions.js'
import { LEAVE_FIELDS } from '../ui/Leave.js'
import { check, LEAVE_KEY, leaveMessage, refusal, transcriptText } from './forms.js'

/** The chat's forms, and what their verbs need of the chat. */
export interface FormsChat {
  /** the relay's origin */
  relay: string
  /** the offline form (a new one once sent) */
  off: FormState
  /** the pre-chat form, and whether it was answered (its values then go with the start) */
  pf: FormState
  asked?: boolean
  /** the ended chat's rating and transcript by email */
  end: EndState
  t(): Strings
  /** Sends a frame; false while the socket is down. */
  send(f: CustomerMsg): boolean | undefined
  paint(): void
  /** the pre-chat fields still to ask for */
  pre(): FieldSpec[]
  title(): string
  /** the messages the relay has */
  sent(): ShownMessage[]
}

/** The offline form as the visitor left it on an earlier page of this tab (sessionStorage), kept again when this page goes; returns the undo. */
export const keepLeave = (c: FormsChat): (() => void) => {
  try {
    c.off.v = { ...JSON.parse(sessionStorage[LEAVE_KEY] || '{}'), ...c.off.v }
  } catch {}
  const keep = () => {
    try {
      for (const _ in c.off.v) sessionStorage[LEAVE_KEY] = JSON.stringify(c.off.v)
    } catch {}
  }
  addEventListener('pagehide', keep)
  return () => removeEventListener('pagehide', keep)
}

/** Sends the offline form once it is filled in right; what the relay says is shown in the form. */
export const leave = (c: FormsChat): void => {
  const { off, t } = c
  if (check(off, LEAVE_FIELDS, t())) {
    off.busy = true
    leaveMessage(c.relay, off.v, off.file).then(
      () => {
        c.off = { v: {}, e: {}, done: fmt(t().leaveSent, off.v.email!.trim()) }
        try {
          sessionStorage.removeItem(LEAVE_KEY)
        } catch {}
        c.paint()
      },
      (code) => {
        c.off = { ...off, busy: false, e: { '': refusal(t(), code) } }
        c.paint()
      }
    )
  }
  c.paint()
}

/** Takes the pre-chat answers once they are filled in right: the composer shows. */
export const answer = (c: FormsChat): void => {
  c.asked = check(c.pf, c.pre(), c.t())
  c.paint()
}

/** Sends the rating chosen (once per chat), then thanks. */
export const rate = (c: FormsChat): void => {
  const { rate } = c.end
  const t = c.t()
  const { rating, comment } = rate.v
  if (c.send({ type: 'rate', rating: rating as 'good', comment: comment?.trim() || undefined })) rate.done = t.thanks
  else rate.e = { '': t.notSent }
  c.paint()
}

/** Asks the relay to mail the transcript to the address given. */
export const mail = (c: FormsChat): void => {
  const m = c.end.mail
  if (check(m, [{ k: 'email' }], c.t())) {
    if (c.send({ type: 'transcript', email: m.v.email!.trim() })) m.busy = true
    else m.e = { '': c.t().notSent }
  }
  c.paint()
}

/** Saves the transcript as a text file (chat.txt). */
export const download = (c: FormsChat): void => {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(new Blob([transcriptText(c.title(), c.sent(), c.t(), c.relay)], { type: 'text/plain;charset=utf-8' }))
  a.download = 'chat.txt'
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 1e4)
}

/** The relay's answer to the transcript asked for: sent to that address, or refused (said in its form). */
export const mailed = (c: FormsChat, f: Extract<RelayToCustomer, { type: 'transcript' | 'error' }>): void => {
  const t = c.t()
  c.end.mail = { ...c.end.mail, busy: false, ...(f.type === 'error' ? { e: { '': refusal(t, f.code) } } : { done: fmt(t.mailed, f.email) }) }
}
