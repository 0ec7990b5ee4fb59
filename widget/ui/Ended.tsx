// The end of a chat: the visitor may rate it (good or bad, a comment if they like; sent once, then
// thanked), have the transcript mailed (when the relay can send mail) or download it as text, and
// start another chat.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { View } from './actions.js'
import { Form } from './Form.js'
import { Icon, THUMB } from './Icon.js'

/** Shown in place of the composer once the chat has ended. */
export const Ended = (v: View) => {
  const { s, t, a, site } = v
  const { rate, mail } = v.end
  const said = (text?: string) => text && <p role="status">{text}</p>
  return (
    <div class="ended">
      {!s.messages.some((m) => m.event === 'ended') && <p>{t.ended}</p>}
      {site.ratings &&
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
        ))}
      {site.transcript?.email && (said(mail.done) || <Form v={v} f={mail} fields={[{ k: 'email' }]} button={t.mail} submit={a.mail} />)}
      <p class="row">
        {site.transcript && (
          <button type="button" class="link" onClick={a.download}>
            {t.download}
          </button>
        )}
        {/* In mode `form` a new chat may begin as a message left while no one can answer. */}
        <button type="button" class="go" disabled={!s.available && (v.o.availability || site.offline) !== 'form'} onClick={a.newChat}>
          {t.newChat}
        </button>
      </p>
    </div>
  )
}
