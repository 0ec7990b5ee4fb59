import { useEffect, useMemo, useRef } from 'preact/hooks'
import { createTypingNotifier } from '../typing.js'

/** Props of {@link Composer}. */
export interface ComposerProps {
  chatId: string
  draft: string
  onDraft(text: string): void
  onSend(text: string): void
  onTyping(on: boolean): void
}

/** The message box: Enter sends, Shift+Enter breaks the line; typing is announced, throttled. */
export function Composer({ chatId, draft, onDraft, onSend, onTyping }: ComposerProps) {
  const ref = useRef<HTMLTextAreaElement>(null)
  const typingRef = useRef(onTyping)
  typingRef.current = onTyping
  const typing = useMemo(() => createTypingNotifier((on) => typingRef.current(on)), [chatId])
  useEffect(() => () => typing.stop(), [typing])
  // The agent lands in the composer whenever a chat comes to front.
  useEffect(() => ref.current?.focus(), [chatId])

  const send = () => {
    typing.stop()
    if (draft.trim() !== '') onSend(draft)
  }

  return (
    <form
      class="composer"
      onSubmit={(ev) => {
        ev.preventDefault()
        send()
      }}
    >
      <textarea
        ref={ref}
        class="composer-input"
        aria-label="Message"
        rows={3}
        placeholder="Type a reply… (Enter sends, Shift+Enter for a new line)"
        value={draft}
        onInput={(ev) => {
          const text = ev.currentTarget.value
          onDraft(text)
          if (text === '') typing.stop()
          else typing.input()
        }}
        onKeyDown={(ev) => {
          // isComposing: Enter that confirms an IME composition must not send.
          if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
            ev.preventDefault()
            send()
          }
        }}
      />
      <button type="submit" class="button primary" disabled={draft.trim() === ''}>
        Send
      </button>
    </form>
  )
}
