import type { TextModule } from '../../protocol/index.js'

/** Props of {@link TextModulePicker}. */
export interface TextModulePickerProps {
  /** referenced by the composer's aria-controls */
  id: string
  modules: TextModule[]
  /** index of the highlighted module */
  active: number
  /** still loading the modules from the relay */
  loading: boolean
  onPick(module: TextModule): void
}

/** The list of text modules matching the `::query` being typed; the composer drives it with the keyboard. */
export function TextModulePicker({ id, modules, active, loading, onPick }: TextModulePickerProps) {
  return (
    <div class="modules">
      {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: ARIA's combobox pattern: a list of options the composer drives through aria-activedescendant */}
      <ul id={id} class="modules-list" role="listbox" aria-label="Text modules">
        {modules.map((m, i) => (
          // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the composer; aria-activedescendant names the highlighted option
          <li
            key={m.id}
            id={id + '-' + i}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the listbox above
            role="option"
            class="module"
            aria-selected={i === active ? 'true' : 'false'}
            // mousedown, not click: the textarea keeps its focus.
            onMouseDown={(ev) => {
              ev.preventDefault()
              onPick(m)
            }}
          >
            <span class="module-name">{m.name}</span> <span class="module-content">{m.content}</span>
          </li>
        ))}
      </ul>
      {modules.length === 0 && <p class="modules-empty">{loading ? 'Loading text modules…' : 'No text module matches.'}</p>}
    </div>
  )
}
