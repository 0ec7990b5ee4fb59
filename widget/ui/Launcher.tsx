// The round button in the corner that opens and closes the chat window.
/** @jsxRuntime classic */
/** @jsx h */
import { h, type Ref } from 'preact'
import { CHAT, CROSS, Icon } from './Icon.js'

/** Props of the launcher. `btn` lets the app give focus back to it when the window closes. */
export interface LauncherProps {
  title: string
  open: boolean
  toggle(): void
  btn: Ref<HTMLButtonElement>
}

/** The launcher: named by the widget's title, telling assistive technology whether the window is open. */
export const Launcher = ({ title, open, toggle, btn }: LauncherProps) => (
  <button ref={btn} type="button" class="fab" aria-label={title} aria-expanded={open} onClick={toggle}>
    <Icon d={open ? CROSS : CHAT} />
  </button>
)
