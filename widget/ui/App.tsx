// The widget's whole UI: nothing while the window may not open (no agent online, no chat in
// progress), otherwise the launcher and, when open, the chat window.
// size: every component uses classic h() JSX (the pragmas below): no jsx-runtime in the
// bundle, and children travel as arguments instead of a `children` prop.
/** @jsxRuntime classic */
/** @jsx h */
import { h } from 'preact'
import type { View } from './actions.js'
import { Launcher } from './Launcher.js'
import { Panel } from './Panel.js'

/** The UI. An open window stays until closed, even when agents leave meanwhile. */
export const App = (v: View) =>
  (v.may || v.s.open) && (
    <div class={'w ' + (v.o.theme || 'auto') + (v.o.position === 'left' ? ' left' : '')} dir={v.t.dir as 'rtl'} lang={v.t.lang}>
      {v.s.open && <Panel {...v} />}
      {String(v.o.launcher) !== 'false' && <Launcher {...v} />}
    </div>
  )
