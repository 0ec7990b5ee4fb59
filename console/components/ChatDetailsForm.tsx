import { useId, useState } from 'preact/hooks'
import type { ChatSummary } from '../../protocol/index.js'
import { patchChat } from '../api.js'
import { useFetch } from '../fetch-context.js'
import type { Action } from '../reducer.js'
import { TagInput } from './TagInput.js'
import { FormActions } from './FormActions.js'

/** Props of {@link ChatDetailsForm}. */
export interface ChatDetailsFormProps {
  chat: ChatSummary
  dispatch(action: Action): void
  onDone(): void
}

/** Renames and tags a chat (tags comma-separated, tags in use suggested; the relay stores them trimmed and lower-case). */
export function ChatDetailsForm({ chat, dispatch, onDone }: ChatDetailsFormProps) {
  const id = useId()
  const fetchImpl = useFetch()
  const [title, setTitle] = useState(chat.title)
  const [tags, setTags] = useState(chat.tags.join(', '))
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  const save = async (ev: Event) => {
    ev.preventDefault()
    setBusy(true)
    const result = await patchChat(
      chat.id,
      {
        title: title.trim() || chat.title,
        tags: tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean)
      },
      fetchImpl
    )
    setBusy(false)
    if (!result.ok) return setError(result.message)
    dispatch({ type: 'summary', chat: result.value })
    onDone()
  }

  return (
    <form class="chat-edit" onSubmit={save} aria-label="Chat details">
      <label for={id + 'title'}>Title</label>
      <input id={id + 'title'} value={title} maxLength={200} onInput={(ev) => setTitle(ev.currentTarget.value)} />
      <label for={id + 'tags'}>Tags</label>
      <TagInput id={id + 'tags'} value={tags} onChange={setTags} />
      <FormActions error={error} submit="Save" disabled={busy} onCancel={onDone} rowClass="chat-edit-actions" />
    </form>
  )
}
