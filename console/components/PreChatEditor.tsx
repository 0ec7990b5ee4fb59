import { Fragment } from 'preact'
import { useId } from 'preact/hooks'
import { PRE_CHAT_LIMITS, type FieldRule, type PreChatSettings } from '../../protocol/index.js'

/** Props of {@link PreChatEditor}. */
export interface PreChatEditorProps {
  preChat: PreChatSettings
  onChange(preChat: PreChatSettings): void
}

const CHOICES: [FieldRule, string][] = [
  ['off', 'Not asked'],
  ['optional', 'Optional'],
  ['required', 'Required']
]

const FIELDS: ['name' | 'email' | 'topic', string][] = [
  ['name', 'Name'],
  ['email', 'Email'],
  ['topic', 'Topic']
]

/**
 * What customers fill in before their first message: name, email and a topic from a list, each
 * not asked, optional or required. A customer the site identified is not asked what it told.
 */
export function PreChatEditor({ preChat, onChange }: PreChatEditorProps) {
  const id = useId()
  const set = (patch: Partial<PreChatSettings>) => onChange({ ...preChat, ...patch })
  const setTopic = (index: number, text: string) => set({ topics: preChat.topics.map((t, i) => (i === index ? text : t)) })

  return (
    <fieldset class="fieldset" data-testid="pre-chat">
      <legend>Pre-chat form</legend>
      <p class="help">Asked before the customer's first message. Agents see the answers on the info card and can search the archive for them.</p>
      <div class="form-grid">
        {FIELDS.map(([field, label]) => (
          <Fragment key={field}>
            <label for={id + field}>{label}</label>
            <select id={id + field} class="select" value={preChat[field]} onChange={(ev) => set({ [field]: ev.currentTarget.value as FieldRule })}>
              {CHOICES.map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </Fragment>
        ))}
      </div>
      {preChat.topic !== 'off' && (
        <div class="topics" data-testid="topics">
          <p class="field-label" id={id + 'topics'}>
            Topics customers choose from
          </p>
          <ol class="topic-list" aria-labelledby={id + 'topics'}>
            {preChat.topics.map((topic, i) => (
              <li key={i} class="topic">
                <input
                  class="topic-input"
                  aria-label={'Topic ' + (i + 1)}
                  value={topic}
                  maxLength={PRE_CHAT_LIMITS.topicChars}
                  onInput={(ev) => setTopic(i, ev.currentTarget.value)}
                />
                <button
                  type="button"
                  class="button small"
                  aria-label={'Remove topic ' + (topic.trim() || i + 1)}
                  onClick={() => set({ topics: preChat.topics.filter((_, j) => j !== i) })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ol>
          <button
            type="button"
            class="button small add-topic"
            disabled={preChat.topics.length >= PRE_CHAT_LIMITS.topics}
            onClick={() => set({ topics: [...preChat.topics, ''] })}
          >
            Add topic
          </button>
          <p class="help">
            Up to {PRE_CHAT_LIMITS.topics} topics of {PRE_CHAT_LIMITS.topicChars} characters, such as “Orders” or “Returns”.
          </p>
        </div>
      )}
    </fieldset>
  )
}
