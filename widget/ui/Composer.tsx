// Where the customer writes: Enter sends, Shift+Enter starts a new line. Pasting an image (a
// screenshot, a copied picture) sends it; pasted text stays plain text. A button picks images.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import { canOpen } from '../state.js'
import type { View } from './actions.js'
import { Icon, PICTURE, PLANE } from './Icon.js'

/** Lets the textarea grow with its text up to its CSS max-height. */
export const grow = (el: HTMLTextAreaElement) => {
  el.style.height = 'auto'
  el.style.height = el.scrollHeight + 'px'
}

/** The composer: an uncontrolled textarea (repaints never touch the draft), an image button and send. */
export const Composer = ({ s, t, a, grab, up }: View) => {
  const off = !canOpen(s)
  const submit = (form: HTMLFormElement) => {
    const el = form.elements[0] as HTMLTextAreaElement
    const text = el.value.trim()
    if (off || !text || !a.send(text)) return
    el.value = ''
    grow(el)
  }
  return (
    <form
      class="comp"
      onSubmit={(e) => {
        e.preventDefault()
        submit(e.currentTarget)
      }}
    >
      {up.map((u) => (
        <p class="up">
          <img src={u.url} alt={t.image} />
          <progress value={u.p} aria-label={t.sending} />
        </p>
      ))}
      <textarea
        ref={grab}
        rows={1}
        aria-label={t.message}
        aria-describedby={s.chat ? 'hint' : undefined}
        placeholder={t.placeholder}
        disabled={off}
        onInput={(e) => {
          grow(e.currentTarget)
          a.input(e.currentTarget.value)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault()
            submit(e.currentTarget.form!)
          }
        }}
        onPaste={(e) => {
          const files = e.clipboardData?.files
          if (files?.length) {
            e.preventDefault()
            a.files(files)
          }
        }}
      />
      <label class="att" title={t.attach}>
        <input
          type="file"
          accept="image/*"
          multiple
          aria-label={t.attach}
          disabled={off}
          onChange={(e) => {
            a.files([...e.currentTarget.files!])
            e.currentTarget.value = ''
          }}
        />
        <Icon d={PICTURE} />
      </label>
      <button type="submit" class="send" aria-label={t.send} disabled={off}>
        <Icon d={PLANE} />
      </button>
      {s.chat && (
        <p class="hint" id="hint">
          {t.preview}
        </p>
      )}
    </form>
  )
}
