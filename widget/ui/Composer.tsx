// Where the customer writes: Enter sends, Shift+Enter starts a new line.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { Strings } from '../strings.js'
import { Icon, PLANE } from './Icon.js'

/** Props of the composer. `typing` is called on every keystroke (the caller throttles). */
export interface ComposerProps {
  t: Strings
  disabled: boolean
  send(text: string): void
  typing(): void
}

// Lets the textarea grow with its text up to its CSS max-height.
const grow = (el: HTMLTextAreaElement) => {
  el.style.height = 'auto'
  el.style.height = el.scrollHeight + 'px'
}

// size: a module-level ref callback is the same function on every render, so Preact calls it
// only on mount: the composer takes focus when the window opens, not on every repaint.
const focus = (el: HTMLTextAreaElement | null) => el?.focus()

/** The composer: an uncontrolled textarea (repaints never touch the draft) and a send button. */
export const Composer = ({ t, disabled, send, typing }: ComposerProps) => {
  const submit = (form: HTMLFormElement) => {
    const el = form.elements[0] as HTMLTextAreaElement
    const text = el.value.trim()
    if (disabled || !text) return
    send(text)
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
      <textarea
        ref={focus}
        rows={1}
        aria-label={t.message}
        placeholder={t.placeholder}
        disabled={disabled}
        onInput={(e) => {
          grow(e.currentTarget)
          typing()
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault()
            submit(e.currentTarget.form!)
          }
        }}
      />
      <button class="send" aria-label={t.send} disabled={disabled}>
        <Icon d={PLANE} />
      </button>
    </form>
  )
}
