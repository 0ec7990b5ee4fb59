// A short form inside the chat window (leaving a message while nobody is online, the pre-chat
// questions): every field labelled, errors written under their field, tied to it with
// aria-describedby and announced; the first wrong field gets focus. Inputs are uncontrolled: what
// the visitor types goes into the form's values as they type and nothing is lost on a repaint.
/** @jsxRuntime classic */
/** @jsx h */
import { h, type ComponentChildren } from 'preact'
import { fmt } from '../strings.js'
import type { FieldSpec, FormState, View } from './actions.js'

/** The form: a note, what the caller adds, the fields, the form's own error, and the submit button. */
export const Form = ({
  v,
  f,
  fields,
  note,
  button,
  submit,
  children
}: {
  v: View
  f: FormState
  fields: FieldSpec[]
  note?: string
  button?: string
  submit(): void
  children?: ComponentChildren
}) => {
  const { t } = v
  const field = ({ k, opt, opts }: FieldSpec) => {
    const label = t[k]
    const err = f.e[k]
    const props = {
      id: 'f-' + k,
      name: k,
      'aria-invalid': !!err,
      'aria-describedby': err ? 'e-' + k : undefined
    }
    // Uncontrolled: the value is set when drawn and read as the visitor types.
    const text = { ...props, value: f.v[k] ?? '', onInput: (e: Event) => (f.v[k] = (e.currentTarget as HTMLInputElement).value) }
    return (
      <p class="field">
        <label for={'f-' + k}>{opt ? fmt(t.optional, label) : label}</label>
        {k === 'image' ? (
          // A file input's chosen file is kept by the browser: no value to set here.
          <input type="file" accept="image/*" {...props} onChange={(e) => (f.file = e.currentTarget.files![0])} />
        ) : opts ? (
          <select {...text}>
            <option value="">{t.pick}</option>
            {opts.map((o) => (
              <option>{o}</option>
            ))}
          </select>
        ) : k === 'message' || k === 'comment' ? (
          <textarea rows={3} {...text} />
        ) : (
          <input type={(k === 'email' ? 'email' : 'text') as 'text'} autocomplete={k as 'name'} {...text} />
        )}
        {err && (
          <span class="err" id={'e-' + k}>
            {err}
          </span>
        )}
      </p>
    )
  }
  return (
    <form
      class="form"
      noValidate
      aria-busy={f.busy}
      onSubmit={(e) => {
        e.preventDefault()
        if (!f.busy)
          submit()
          // The first field in error takes focus: its message is read out with it.
        ;(e.currentTarget.querySelector('[aria-invalid=true]') as HTMLElement | null)?.focus()
      }}
    >
      {note && <p>{note}</p>}
      {children}
      {fields.map(field)}
      <p class="err" role="alert">
        {f.e['']}
      </p>
      {button && (
        <button type="submit" class="go" disabled={f.busy}>
          {button}
        </button>
      )}
    </form>
  )
}
