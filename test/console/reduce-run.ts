// Drives the console's reducer without a DOM: actions in, state and outgoing frames out.
import type { AgentMsg, RelayToAgent } from '../../protocol/index.js'
import { reduce, type Action, type State } from '../../console/reducer.js'

/** Applies actions in order, collecting every frame the console would send. */
export const run = (state: State, ...actions: Action[]): { state: State; out: AgentMsg[] } => {
  const out: AgentMsg[] = []
  for (const action of actions) {
    const step = reduce(state, action)
    state = step.state
    out.push(...step.out)
  }
  return { state, out }
}

/** A relay frame arriving, as a reducer action. */
export const frame = (f: RelayToAgent): Action => ({ type: 'frame', frame: f })
