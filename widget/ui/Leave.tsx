// The offline form (availability mode `form` while no one can answer): name, email, message and an
// image if the visitor likes, plus a field people never see (a bot that fills it in is ignored).
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { FieldSpec, View } from './actions.js'
import { Form } from './Form.js'

/** The offline form's fields. */
export const LEAVE_FIELDS: FieldSpec[] = [{ k: 'name' }, { k: 'email' }, { k: 'message' }, { k: 'image', opt: true }]

/** The form, or once sent, what happens next. */
export const Leave = (v: View) => {
  const { t, off } = v
  return (
    <div class="scroll">
      {off.done ? (
        <p class="done" role="status">
          {off.done}
        </p>
      ) : (
        <Form v={v} f={off} fields={LEAVE_FIELDS} note={t.leaveNote} button={t.send} submit={v.a.leave}>
          <p class="trap" aria-hidden="true">
            <label>
              {t.trap}
              <input name="website" tabIndex={-1} autocomplete="off" onInput={(e) => (off.v.website = e.currentTarget.value)} />
            </label>
          </p>
        </Form>
      )}
    </div>
  )
}
