import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks'
import type { TextModule } from '../../protocol/index.js'
import { fetchTextModules } from '../api.js'
import type { ComposeMode } from '../chat-view.js'
import { useFetch } from '../fetch-context.js'
import { insertModule, matchModules, moduleQuery } from '../text-modules.js'
import { createTypingNotifier } from '../typing.js'
import { imageFiles } from '../use-image-upload.js'
import { TextModulePicker } from './TextModulePicker.js'

/** Props of {@link Composer}. */
export interface ComposerProps {
  chatId: string
  /** the chat in front: its composer takes the focus */
  front: boolean
  draft: string
  /** placeholder values for text modules: `customer.name`, `customer.email`, `agent.name` */
  values: Record<string, string | undefined>
  onDraft(text: string): void
  onSend(text: string): void
  onTyping(on: boolean): void
  /** images pasted, dropped or picked: upload and send each */
  onImages(images: File[]): void
  /** images still uploading */
  uploading: number
  /** a reply the customer sees, or an internal note (no typing shown to the customer, no images) */
  mode: ComposeMode
  /** switches between reply and note; absent, the composer writes notes only (a chat that is not the agent's) */
  onMode?(mode: ComposeMode): void
}

/** What the relay accepts, for the file picker. */
const IMAGE_TYPES = 'image/png,image/jpeg,image/gif,image/webp'

/**
 * The message box: Enter sends, Shift+Enter breaks the line, `::` offers text modules; a pasted or
 * dropped image is sent inline, pasted rich text arrives as plain text; typing is announced, throttled.
 */
export function Composer({ chatId, front, draft, values, onDraft, onSend, onTyping, onImages, uploading, mode, onMode }: ComposerProps) {
  const note = mode === 'note'
  const id = useId()
  const fetchImpl = useFetch()
  const ref = useRef<HTMLTextAreaElement>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  const typingRef = useRef(onTyping)
  // A note is none of the customer's business: writing one is not typing to them.
  typingRef.current = note ? () => {} : onTyping
  const typing = useMemo(() => createTypingNotifier((on) => typingRef.current(on)), [chatId])
  useEffect(() => () => typing.stop(), [typing])
  // The agent lands in the composer whenever a chat comes to front.
  useEffect(() => {
    const box = ref.current
    // Not when the agent is already working in this chat's window (a select, the title form).
    if (front && box && !box.closest('.chat-window')?.contains(document.activeElement)) box.focus()
  }, [chatId, front])
  // Switching to a note stops the customer's "typing…" at once.
  useEffect(() => {
    if (note) typing.stop()
  }, [note, typing])

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

  // A textarea keeps only the plain text of a rich paste by itself; images need taking out.
  const onPaste = (ev: ClipboardEvent) => {
    const images = imageFiles(ev.clipboardData)
    // Notes are text: a pasted image keeps the paste's text and nothing else.
    if (!images.length || note) return
    ev.preventDefault()
    const text = ev.clipboardData?.getData('text/plain') ?? ''
    const box = ev.currentTarget as HTMLTextAreaElement
    if (text) onDraft(draft.slice(0, box.selectionStart) + text + draft.slice(box.selectionEnd))
    onImages(images)
  }
  const onDrop = (ev: DragEvent) => {
    const images = imageFiles(ev.dataTransfer)
    if (!images.length || note) return
    ev.preventDefault()
    onImages(images)
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
      class={'composer' + (note ? ' is-note' : '')}
      data-mode={mode}
      onSubmit={(ev) => {
        ev.preventDefault()
        send()
      }}
    >
      {onMode ? (
        <fieldset class="compose-modes">
          <legend class="sr-only">Write</legend>
          <button type="button" class="compose-mode" aria-pressed={note ? 'false' : 'true'} onClick={() => onMode('reply')}>
            Reply
          </button>
          <button type="button" class="compose-mode is-note" aria-pressed={note ? 'true' : 'false'} onClick={() => onMode('note')}>
            Note
          </button>
        </fieldset>
      ) : (
        <p class="compose-modes note-only">Internal note</p>
      )}
      {note && (
        <p class="note-hint composer-hint" id={id + 'hint'}>
          Only agents see this: notes never reach the customer.
        </p>
      )}
      {picking && <TextModulePicker id={id + 'modules'} modules={matches} active={current} loading={modules === null} onPick={pick} />}
      <textarea
        ref={ref}
        class="composer-input"
        aria-label={note ? 'Internal note' : 'Message'}
        aria-describedby={note ? id + 'hint' : undefined}
        aria-controls={picking ? id + 'modules' : undefined}
        aria-activedescendant={picking && matches.length ? id + 'modules-' + current : undefined}
        rows={3}
        placeholder={
          note
            ? 'Write a note for other agents… (Enter adds it, Shift+Enter for a new line, :: for text modules)'
            : 'Type a reply… (Enter sends, Shift+Enter for a new line, :: for text modules, paste images)'
        }
        value={draft}
        onInput={(ev) => {
          const text = ev.currentTarget.value
          onDraft(text)
          setActive(0)
          if (text === '') typing.stop()
          else typing.input()
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onDrop={onDrop}
      />
      <div class="composer-actions">
        <button type="submit" class={'button primary' + (note ? ' note-submit' : '')} disabled={draft.trim() === ''}>
          {note ? 'Add note' : 'Send'}
        </button>
        {!note && (
          <button type="button" class="button attach" aria-label="Send an image" title="Send an image" onClick={() => fileRef.current?.click()}>
            <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" class="icon">
              <path d="M4 5h16v14H4z M4 15l4.5-4.5 4 4 2.5-2.5L20 17" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
              <circle cx="15.5" cy="9" r="1.6" fill="currentColor" />
            </svg>
          </button>
        )}
      </div>
      <input
        ref={fileRef}
        type="file"
        class="sr-only"
        tabIndex={-1}
        aria-hidden="true"
        accept={IMAGE_TYPES}
        multiple
        onChange={(ev) => {
          const input = ev.currentTarget
          onImages([...(input.files ?? [])])
          input.value = ''
        }}
      />
      {uploading > 0 && (
        <p class="composer-status" role="status">
          {uploading === 1 ? 'Sending an image…' : 'Sending ' + uploading + ' images…'}
        </p>
      )}
    </form>
  )
}
