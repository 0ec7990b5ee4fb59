// What the end of a chat offers when the site has it (forms chunk): a rating (good or bad, a
// comment if they like; sent once, then thanked), the transcript by email (when the relay can send
// mail) and as a text file.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { View } from './actions.js'
import { Form } from './Form.js'
import { Icon, THUMB } from './Icon.js'

/** The rating and the transcript, inside the ended chat's view (./Ended.tsx). */
export const EndForms = (v: View) => {
  const { t, a, site } = v
  const { rate, mail } = v.end
  const said = (text?: string) => text && <p role="status">{text}</p>
  return [
    site.ratings &&
      (said(rate.done) || (
        <Form v={v} f={rate} fields={rate.v.rating ? [{ k: 'comment', opt: true }] : []} note={t.rate} button={rate.v.rating && t.send} submit={a.rate}>
          <p class="rate">
            {(['good', 'bad'] as const).map((r) => (
              <button
                type="button"
                class={r}
                aria-pressed={rate.v.rating === r}
                onClick={() => {
                  rate.v.rating = r
                  a.paint()
                }}
              >
                <Icon d={THUMB} />
                {t[r]}
              </button>
            ))}
          </p>
        </Form>
      )),
    site.transcript?.email && (said(mail.done) || <Form v={v} f={mail} fields={[{ k: 'email' }]} button={t.mail} submit={a.mail} />),
    site.transcript && (
      <p class="row">
        <button type="button" class="link" onClick={a.download}>
          {t.download}
        </button>
      </p>
    )
  ]
}
