import { useEffect, useState } from 'preact/hooks'
import { fetchTags } from '../api.js'
import { useFetch } from '../fetch-context.js'
import { addTag, suggestTags, typedTag, type TagCount } from '../tag-suggestions.js'

/** Props of {@link TagInput}. */
export interface TagInputProps {
  /** the input's id, for its label */
  id: string
  /** the tags, comma-separated */
  value: string
  onChange(value: string): void
}

/**
 * The comma-separated tags field, suggesting the tags other chats carry as the agent types (a
 * combobox): ↓ and ↑ move through the suggestions (↓ also opens them on an empty tag), Enter or a
 * click adds the one highlighted, Escape closes them. Without a highlight, Enter submits the form.
 */
export function TagInput({ id, value, onChange }: TagInputProps) {
  const fetchImpl = useFetch()
  const [known, setKnown] = useState<TagCount[]>([])
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  // Loaded each time the form opens; without them the field is a plain text field.
  useEffect(() => void fetchTags(fetchImpl).then((r) => r.ok && setKnown(r.value)), [])

  const items = open ? suggestTags(known, value) : []
  const counts = new Map(known.map((k) => [k.tag, k.count]))
  const listId = id + '-suggestions'
  const shown = items.length > 0

  const pick = (tag: string) => {
    onChange(addTag(value, tag))
    setOpen(false)
    setActive(-1)
  }

  const onKeyDown = (ev: KeyboardEvent) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault()
      const list = open ? items : suggestTags(known, value)
      if (!list.length) return
      setOpen(true)
      const down = ev.key === 'ArrowDown'
      setActive(!open || active < 0 ? (down ? 0 : list.length - 1) : (active + (down ? 1 : list.length - 1)) % list.length)
    } else if (ev.key === 'Enter' && shown && items[active]) {
      ev.preventDefault()
      pick(items[active]!)
    } else if (ev.key === 'Escape' && shown) {
      // Closes the suggestions only, not what the field sits in.
      ev.preventDefault()
      ev.stopPropagation()
      setOpen(false)
      setActive(-1)
    }
  }

  return (
    <div class="tag-input">
      <input
        id={id}
        value={value}
        placeholder="billing, refund"
        autocomplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={shown ? 'true' : 'false'}
        aria-controls={listId}
        aria-activedescendant={shown && items[active] ? listId + '-' + active : undefined}
        onInput={(ev) => {
          const next = ev.currentTarget.value
          onChange(next)
          setOpen(typedTag(next) !== '')
          setActive(-1)
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA's combobox pattern: a list of options the field drives through aria-activedescendant */}
      <ul id={listId} class="suggestions" role="listbox" aria-label="Tag suggestions" hidden={!shown}>
        {items.map((tag, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the field; aria-activedescendant names the highlighted option
          <li
            key={tag}
            id={listId + '-' + i}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the listbox above
            role="option"
            class="suggestion"
            aria-selected={i === active ? 'true' : 'false'}
            // mousedown, not click: the field keeps its focus for the next tag.
            onMouseDown={(ev) => {
              ev.preventDefault()
              pick(tag)
            }}
          >
            {tag}
            <span class="suggestion-count">
              {counts.get(tag)}
              <span class="sr-only"> {counts.get(tag) === 1 ? 'chat' : 'chats'}</span>
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
