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
      <ul id={id} class="modules-list" role="listbox" aria-label="Text modules">
        {modules.map((m, i) => (
          <li
            key={m.id}
            id={id + '-' + i}
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
