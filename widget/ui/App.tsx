// The widget's whole UI: nothing while no agent is online and no chat is in progress, otherwise
// the launcher and, when open, the chat window.
// size: every component uses classic h() JSX (the pragmas below): no jsx-runtime in the
// bundle, and children travel as arguments instead of a `children` prop.
/** @jsxRuntime classic */
/** @jsx h */
import { h, type RefObject } from 'preact'
import { canOpen, type ChatState } from '../state.js'
import type { Strings } from '../strings.js'
import type { Actions } from './actions.js'
import { Launcher } from './Launcher.js'
import { Panel } from './Panel.js'

/** Props of the app, re-rendered from the top on every state change. `fab` holds the launcher. */
export interface AppProps {
  s: ChatState
  t: Strings
  title: string
  left: boolean
  a: Actions
  fab: RefObject<HTMLButtonElement | null>
}

/** The UI. An open window stays until closed, even when agents leave meanwhile. */
export const App = ({ s, t, title, left, a, fab }: AppProps) =>
  (canOpen(s) || s.open) && (
    <div class={left ? 'w left' : 'w'}>
      {s.open && <Panel s={s} t={t} title={title} a={a} />}
      <Launcher title={title} open={s.open} toggle={a.toggle} btn={fab} />
    </div>
  )
