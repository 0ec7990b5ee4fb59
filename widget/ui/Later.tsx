// A part of the window that lives in the forms chunk (widget/chat/forms-chunk.ts): drawn once the
// chunk is here; until then a line saying it is on its way, or that it failed to load, with Retry.
/** @jsxRuntime classic */
/** @jsx h */
import { h, type VNode } from 'preact'
import type { FormsModule } from '../chat/forms-chunk.js'
import type { View } from './actions.js'

/** Draws `draw(module)` once the forms chunk is here (asking for it if need be), else its state. */
export const Later = ({ v, draw }: { v: View; draw(m: FormsModule): VNode }) => {
  const { t, forms } = v
  const m = forms.want()
  return m ? (
    draw(m)
  ) : (
    <p class="wait" role="status" aria-busy={!forms.failed}>
      {forms.failed
        ? [
            t.oops + ' ',
            <button type="button" class="link" onClick={forms.retry}>
              {t.retry}
            </button>
          ]
        : t.loading}
    </p>
  )
}
