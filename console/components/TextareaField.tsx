import type { ComponentChildren } from 'preact'

/** Props of {@link TextareaField}. */
export interface TextareaFieldProps {
  /** the textarea's id; its help gets `id + '-help'` */
  id: string
  label: string
  /** the help line under the textarea, which describes it to screen readers */
  help: ComponentChildren
  value: string
  onInput(value: string): void
  rows: number
  maxLength?: number
  placeholder?: string
}

/** A form grid's row of a labelled textarea with its help line beneath (a label, then the textarea and help in one cell). */
export function TextareaField({ id, label, help, value, onInput, rows, maxLength, placeholder }: TextareaFieldProps) {
  return (
    <>
      <label for={id}>{label}</label>
      <div>
        <textarea
          id={id}
          rows={rows}
          maxLength={maxLength}
          aria-describedby={id + '-help'}
          placeholder={placeholder}
          value={value}
          onInput={(ev) => onInput(ev.currentTarget.value)}
        />
        <p id={id + '-help'} class="help">
          {help}
        </p>
      </div>
    </>
  )
}
