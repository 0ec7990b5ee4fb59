import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks'
import type { TextModule } from '../../protocol/index.js'
import { fetchTextModules } from '../api.js'
import { useFetch } from '../fetch-context.js'
import { insertModule, matchModules, moduleQuery } from '../text-modules.js'
import { createTypingNotifier } from '../typing.js'
import { TextModulePicker } from './TextModulePicker.js'

/** Props of {@link Composer}. */
export interface ComposerProps {
  chatId: string
  draft: string
  /** placeholder values for text modules: `customer.name`, `customer.email`, `agent.name` */
  values: Record<string, string | undefined>
  onDraft(text: string): void
  onSend(text: string): void
  onTyping(on: boolean): void
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line, `::` offers text modules; typing is
 * announced, throttled.
 */
export function Composer({ chatId, draft, values, onDraft, onSend, onTyping }: ComposerProps) {
  const id = useId()
  const fetchImpl = useFetch()
  const ref = useRef<HTMLTextAreaElement>(null)
  const typingRef = useRef(onTyping)
  typingRef.current = onTyping
  const typing = useMemo(() => createTypingNotifier((on) => typingRef.current(on)), [chatId])
  useEffect(() => () => typing.stop(), [typing])
  // The agent lands in the composer whenever a chat comes to front.
  useEffect(() => ref.current?.focus(), [chatId])

  const query = moduleQuery(draft)
  const [modules, setModules] = useState<TextModule[] | null>(null)
  const [active, setActive] = useState(0)
  const [dismissed, setDismissed] = useState<string | undefined>(undefined)
  const picking = query !== undefined && query !== dismissed
  // Loaded each time the picker opens, so modules an admin just edited are there.
  useEffect(() => {
    if (!picking) return
    setModules(null)
    void fetchTextModules(fetchImpl).then((r) => setModules(r.ok ? r.value : []))
  }, [picking])
  const matches = picking && modules ? matchModules(modules, query) : []
  const current = Math.min(active, Math.max(0, matches.length - 1))

  const send = () => {
    typing.stop()
    if (draft.trim() !== '') onSend(draft)
  }
  const pick = (m: TextModule) => {
    onDraft(insertModule(draft, m, values))
    setActive(0)
  }

  const onKeyDown = (ev: KeyboardEvent) => {
    if (picking && matches.length > 0) {
      const chosen = matches[current]
      if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
        ev.preventDefault()
        setActive((current + (ev.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length)
        return
      }
      if ((ev.key === 'Enter' || ev.key === 'Tab') && !ev.shiftKey && chosen) {
        ev.preventDefault()
        pick(chosen)
        return
      }
    }
    if (picking && ev.key === 'Escape') {
      ev.preventDefault()
      setDismissed(query)
      return
    }
    // isComposing: Enter that confirms an IME composition must not send.
    if (ev.key === 'Enter' && !ev.shiftKey && !ev.isComposing) {
      ev.preventDefault()
      send()
    }
  }

  return (
    <form
      class="composer"
      onSubmit={(ev) => {
        ev.preventDefault()
        send()
      }}
    >
      {picking && <TextModulePicker id={id + 'modules'} modules={matches} active={current} loading={modules === null} onPick={pick} />}
      <textarea
        ref={ref}
        class="composer-input"
        aria-label="Message"
        aria-controls={picking ? id + 'modules' : undefined}
        aria-activedescendant={picking && matches.length ? id + 'modules-' + current : undefined}
        rows={3}
        placeholder="Type a reply… (Enter sends, Shift+Enter for a new line, :: for text modules)"
        value={draft}
        onInput={(ev) => {
          const text = ev.currentTarget.value
          onDraft(text)
          setActive(0)
          if (text === '') typing.stop()
          else typing.input()
        }}
        onKeyDown={onKeyDown}
      />
      <button type="submit" class="button primary" disabled={draft.trim() === ''}>
        Send
      </button>
    </form>
  )
}
